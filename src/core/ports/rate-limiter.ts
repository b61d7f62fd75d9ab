/**
 * Counts requests per key and says whether one more is allowed, shaped as the Workers rate-limiting binding
 * (`env.RATE_LIMITER.limit({ key })`). The limit and period belong to the limiter, not to the call: the binding
 * fixes them in wrangler.jsonc, and our own adapters take them when created.
 *
 * Counts are approximate by design: the binding counts per Cloudflare location and a KV-backed limiter sees
 * other isolates' writes late, so a client may get somewhat more than the limit through. Use it against floods and
 * runaway scripts, never as a quota that must be exact.
 */
export interface RateLimiter {
  /** Counts one request for the key; `success: false` means it is over the limit and should be refused. */
  limit(options: RateLimitOptions): Promise<RateLimitOutcome>;
}

export interface RateLimitOptions {
  /** Who is counted: an actor id, an address; any string (adapters may hash long ones). */
  key: string;
}

export interface RateLimitOutcome {
  success: boolean;
  /**
   * Seconds until the key's window resets, when the limiter knows it (our adapters do; the Workers binding does
   * not). Used for `Retry-After` and `RateLimit-Reset`.
   */
  resetSeconds?: number;
  /** Requests left in the current window, when the limiter knows it. */
  remaining?: number;
}
