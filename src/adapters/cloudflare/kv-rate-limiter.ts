import type { KeyValue } from "../../core/ports/key-value";
import type { RateLimiter, RateLimitOutcome } from "../../core/ports/rate-limiter";

export interface KvRateLimiterOptions {
  kv: KeyValue;
  /** Requests allowed per key and window. */
  limit: number;
  /** The window's length (default 60 seconds). */
  periodSeconds?: number;
  /** Milliseconds since the epoch; injectable so windows can be tested without waiting. */
  now?: () => number;
}

/** KV refuses expiration TTLs under 60 seconds. */
const MIN_TTL_SECONDS = 60;
/** KV keys are at most 512 bytes; longer caller keys are hashed. */
const MAX_KEY_LENGTH = 200;

/**
 * A `RateLimiter` over a key-value store: one counter per key and fixed window (`ratelimit:<key>:<window>`), read
 * then written back. The fallback for a Worker without the rate-limiting binding, not a replacement for it:
 * - the read and the write are not atomic, so concurrent requests of one key may count once between them;
 * - KV is eventually consistent: other locations see a counter up to a minute late, so each location counts
 *   mostly on its own and a client spread over several gets up to that many times the limit;
 * - KV accepts about one write a second per key; a refused write is ignored and the request served.
 * It stops a flood from one client at one location, which is what it is for.
 */
export function createKvRateLimiter(options: KvRateLimiterOptions): RateLimiter {
  const { kv, limit } = options;
  const periodSeconds = options.periodSeconds ?? 60;
  const now = options.now ?? Date.now;
  return {
    async limit({ key }): Promise<RateLimitOutcome> {
      const seconds = now() / 1000;
      const window = Math.floor(seconds / periodSeconds);
      const counterKey = `ratelimit:${await shortKey(key)}:${window}`;
      const used = Number.parseInt((await kv.get(counterKey)) ?? "0", 10) + 1;
      const resetSeconds = Math.max(1, Math.ceil((window + 1) * periodSeconds - seconds));
      // Requests over the limit are not written: the counter already says enough, and writes are what KV rations.
      if (used <= limit) {
        await kv
          .put(counterKey, String(used), { expirationTtl: Math.max(MIN_TTL_SECONDS, Math.ceil(2 * periodSeconds)) })
          .catch(() => undefined);
      }
      return { success: used <= limit, remaining: Math.max(0, limit - used), resetSeconds };
    },
  };
}

async function shortKey(key: string): Promise<string> {
  if (key.length <= MAX_KEY_LENGTH) return key;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key)));
  return `sha256:${Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}
