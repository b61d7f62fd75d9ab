import type { JobMessage } from "../../core/domain";

/**
 * The bindings and variables of the Worker, as wrangler.jsonc declares them. VECTORS and AI are optional: without
 * them (local tests) documents are indexed for keyword search only.
 */
export interface WorkerEnv {
  DB: D1Database;
  DOCUMENTS: R2Bucket;
  CACHE: KVNamespace;
  JOBS: Queue<JobMessage>;
  VECTORS?: Vectorize;
  AI?: Ai;
  /**
   * The rate-limiting binding (wrangler `ratelimits`), whose limit and period are set there. Without it, requests are
   * counted in CACHE (KV), which is approximate: see createKvRateLimiter.
   */
  RATE_LIMITER?: RateLimit;
  /** The name of the jobs' dead-letter queue, whose batches mark jobs as dead (default opendiscourse-jobs-dlq). */
  DEAD_LETTER_QUEUE?: string;
  /** Settings, named as on Node: `dataDir` ⇄ `OPENDISCOURSE_DATA_DIR`. */
  [setting: `OPENDISCOURSE_${string}`]: string | undefined;
}

export const DEFAULT_DEAD_LETTER_QUEUE = "opendiscourse-jobs-dlq";
