import { parentPort, workerData } from "node:worker_threads";
import { LRUCache } from "lru-cache";
import { errorMessage } from "../../core/errors";
import { generationState } from "../../core/search/generation-state";
import { KNOWN_COUNTS, keywordHits } from "../../core/search/keyword";
import type { KeywordRankingReply, KeywordRankingRequest, KeywordRankingStart } from "./keyword-ranking-pool";
import { openSqliteDatabase } from "./sqlite-database";

/**
 * One keyword ranking thread of keyword-ranking-pool.ts: its own read-only connection to the database, and its own
 * match counts for the index generation its searches give.
 */
const port = parentPort;
if (!port) throw new Error("keyword-ranking-thread.ts runs as a worker thread");
const { path, busyTimeoutMs } = workerData as { path: string; busyTimeoutMs: number };

try {
  const db = openSqliteDatabase({ path, readonly: true, busyTimeoutMs });
  const countsFor = generationState(() => new LRUCache<string, number>({ max: KNOWN_COUNTS }));
  port.on("message", async ({ id, parsed, filter, generation }: KeywordRankingRequest) => {
    let reply: KeywordRankingReply;
    try {
      reply = { id, ranking: await keywordHits(db, parsed, filter, countsFor(generation)) };
    } catch (error) {
      reply = { id, error: errorMessage(error) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true } satisfies KeywordRankingStart);
} catch (error) {
  port.postMessage({ initError: errorMessage(error) } satisfies KeywordRankingStart);
}
