import { createHash } from "node:crypto";
import { AppError } from "../../core/errors";
import type { RateLimiter, RateLimitOutcome } from "../../core/ports/rate-limiter";
import type { NodeSqlDatabase } from "./sqlite-database";

export interface SqliteRateLimiterOptions {
  db: NodeSqlDatabase;
  /** Requests allowed per key and window. */
  limit: number;
  /** The window's length (default 60 seconds). */
  periodSeconds?: number;
  /** Milliseconds since the epoch; injectable so windows can be tested without waiting. */
  now?: () => number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rate_limits (
  key TEXT NOT NULL,
  slot INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (key, slot)
) WITHOUT ROWID;
`;

/** Keys longer than this are stored as their SHA-256, so a caller cannot grow the table with huge keys. */
const MAX_KEY_LENGTH = 200;

/**
 * A `RateLimiter` counting in the `rate_limits` table of a SQLite database (created here, not by a migration: on
 * Workers the rate-limiting binding does this), so every server process sharing the database shares the counts.
 * Fixed windows aligned to the epoch: one atomic upsert per request, an exact `remaining` and `resetSeconds`; a
 * client may get up to twice the limit across a window boundary, which is fine against floods.
 * Refused requests count too, so a client that keeps hammering gains nothing until the window ends.
 */
export function createSqliteRateLimiter(options: SqliteRateLimiterOptions): RateLimiter {
  const { limit } = options;
  const periodSeconds = options.periodSeconds ?? 60;
  if (!Number.isInteger(limit) || limit < 1) throw new AppError("bad_request", "rate limit must be a positive integer");
  if (!(periodSeconds > 0)) throw new AppError("bad_request", "rate limit period must be positive");
  const now = options.now ?? Date.now;
  const db = options.db.raw;
  db.exec(SCHEMA);
  const count = db.prepare<[string, number], { count: number }>(
    `INSERT INTO rate_limits (key, slot, count) VALUES (?, ?, 1)
     ON CONFLICT (key, slot) DO UPDATE SET count = count + 1 RETURNING count`,
  );
  const purge = db.prepare<[number]>("DELETE FROM rate_limits WHERE slot < ?");
  let purgedBefore = Number.NEGATIVE_INFINITY;

  return {
    async limit({ key }): Promise<RateLimitOutcome> {
      const seconds = now() / 1000;
      const window = Math.floor(seconds / periodSeconds);
      // Past windows are never read again: the first request of a window clears them (once per process).
      if (window > purgedBefore) {
        purge.run(window);
        purgedBefore = window;
      }
      const row = count.get(storedKey(key), window);
      const used = row?.count ?? 1;
      return {
        success: used <= limit,
        remaining: Math.max(0, limit - used),
        resetSeconds: Math.max(1, Math.ceil((window + 1) * periodSeconds - seconds)),
      };
    },
  };
}

function storedKey(key: string): string {
  return key.length <= MAX_KEY_LENGTH ? key : `sha256:${createHash("sha256").update(key).digest("hex")}`;
}
