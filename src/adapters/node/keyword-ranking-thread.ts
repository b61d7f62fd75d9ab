import { workerData } from "node:worker_threads";
import { LRUCache } from "lru-cache";
import { generationState } from "../../core/search/generation-state";
import { KNOWN_COUNTS, keywordHits } from "../../core/search/keyword";
import type { KeywordRankingCall } from "./keyword-ranking-pool";
import { answerRequests } from "./request-thread";
import { openSqliteDatabase } from "./sqlite-database";

/**
 * One keyword ranking thread of keyword-ranking-pool.ts: its own read-only connection to the database, and its own
 * match counts for the index generation its searches give.
 */
const { path, busyTimeoutMs } = workerData as { path: string; busyTimeoutMs: number };

answerRequests<KeywordRankingCall>(() => {
  const db = openSqliteDatabase({ path, readonly: true, busyTimeoutMs });
  const countsFor = generationState(() => new LRUCache<string, number>({ max: KNOWN_COUNTS }));
  return ({ parsed, filter, generation }) => keywordHits(db, parsed, filter, countsFor(generation));
});
