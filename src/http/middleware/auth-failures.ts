import type { Context } from "hono";
import { AppError } from "../../core/errors";
import type { RateLimiter } from "../../core/ports";
import type { AppEnv } from "../app";
import { problemResponse } from "../problem";

/**
 * Failed authentications allowed per client address and minute: a tenth of the request limit (60 of the default
 * 600), at least one; 0 when rate limiting is off. A client with a working credential never fails this often, and
 * one guessing keys or spraying passwords over many accounts from one address is slowed to this pace.
 */
export function authFailuresPerMinute(requestsPerMinute: number): number {
  return requestsPerMinute > 0 ? Math.max(1, Math.floor(requestsPerMinute / 10)) : 0;
}

export interface AuthFailureGuard {
  /**
   * Seconds the address must still wait, as far as this process knows (0 when it may try): checked before a key is
   * looked up or a password hashed, so a refused address costs neither a database read nor a scrypt.
   */
  waitSeconds(ip: string | null): number;
  /**
   * Counts one failed authentication from the address (shared by every process through the limiter); returns the
   * seconds to wait when this failure put it over the limit, else 0.
   */
  failed(ip: string | null): Promise<number>;
}

export interface AuthFailureGuardOptions {
  /** Counts failures per address (`authfail:ip:<address>`), at `authFailuresPerMinute`; none: nothing is counted. */
  limiter: RateLimiter | undefined;
  /** Told when the limiter fails; the failure is then not counted, since a counter outage must not stop sign-in. */
  onError?: (error: unknown) => void;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
}

/** Addresses remembered as refused; beyond this the oldest are forgotten (the limiter still counts them). */
const MAX_REMEMBERED = 10_000;

/**
 * Throttles failed API keys and passwords per client address. The limiter is the truth, shared across processes
 * and Worker isolates; each process also remembers the addresses it refused until their window ends, so it answers
 * them 429 without looking anything up. Another process refuses them at their next failure.
 */
export function createAuthFailureGuard(options: AuthFailureGuardOptions): AuthFailureGuard {
  const { limiter } = options;
  const now = options.now ?? Date.now;
  const refusedUntil = new Map<string, number>();
  const keyOf = (ip: string | null) => ip ?? "unknown";

  return {
    waitSeconds(ip) {
      const until = refusedUntil.get(keyOf(ip));
      if (until === undefined) return 0;
      const left = Math.ceil((until - now()) / 1000);
      if (left > 0) return left;
      refusedUntil.delete(keyOf(ip));
      return 0;
    },

    async failed(ip) {
      if (!limiter) return 0;
      let outcome: Awaited<ReturnType<RateLimiter["limit"]>>;
      try {
        outcome = await limiter.limit({ key: `authfail:ip:${keyOf(ip)}` });
      } catch (error) {
        options.onError?.(error);
        return 0;
      }
      if (outcome.success) return 0;
      // The Workers binding does not say when its window ends: a full period is the safe wait.
      const seconds = Math.max(1, Math.ceil(outcome.resetSeconds ?? 60));
      if (refusedUntil.size >= MAX_REMEMBERED) {
        const oldest = refusedUntil.keys().next();
        if (!oldest.done) refusedUntil.delete(oldest.value);
      }
      refusedUntil.set(keyOf(ip), now() + seconds * 1000);
      return seconds;
    },
  };
}

/** The 429 an address over its failure limit gets, with `Retry-After`. */
export function tooManyFailures(c: Context<AppEnv>, seconds: number): Response {
  const response = problemResponse(
    c,
    new AppError("rate_limited", `too many failed credentials from this address; retry in ${seconds} seconds`, {
      retryAfter: seconds,
    }),
  );
  response.headers.set("Retry-After", String(seconds));
  return response;
}
