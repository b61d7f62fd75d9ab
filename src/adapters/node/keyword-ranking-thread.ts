import { workerData } from "node:worker_threads";
import { generationState } from "../../core/search/generation-state";
import { keywordHits } from "../../core/search/keyword";
import { knownIndex } from "../../core/search/known-index";
import type { KeywordRankingCall } from "./keyword-ranking-pool";
import { answerRequests } from "./request-thread";
import { openSqliteDatabase } from "./sqlite-database";

/**
 * One keyword ranking thread of keyword-ranking-pool.ts: its own read-only connection to the database, and what it
 * keeps of the index (match counts, prefixes' terms) for the index generation its searches give.
 */
const { path, busyTimeoutMs } = workerData as { path: string; busyTimeoutMs: number };

answerRequests<KeywordRankingCall>(() => {
  const db = openSqliteDatabase({ path, readonly: true, busyTimeoutMs });
  const knownFor = generationState(knownIndex);
  return ({ parsed, filter, generation }) => keywordHits(db, parsed, filter, knownFor(generation));
});
