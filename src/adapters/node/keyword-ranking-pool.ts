import type { FilterSql } from "../../core/document-filters";
import { AppError } from "../../core/errors";
import type { KeywordRanker, KeywordRanking } from "../../core/search/keyword";
import type { ParsedQuery } from "../../core/search/query-parser";
import { type RequestThread, startRequestThread } from "./request-thread";

/** What a search sends a ranking thread. */
export interface KeywordRankingCall {
  parsed: ParsedQuery;
  filter: FilterSql;
  generation: number | null;
}

export interface KeywordRankingPool extends KeywordRanker {
  /**
   * Starts every thread now rather than on the first searches, which otherwise wait for their thread to start (a
   * server's first search took 335 ms, the second 52). Idle threads do not hold the process open.
   */
  warm(): void;
  /** Stops the threads; rankings in flight are refused with `unavailable`. */
  close(): Promise<void>;
}

const workerUrl = new URL("./keyword-ranking-worker.mjs", import.meta.url);

/**
 * Keyword ranking on worker threads, each with a read-only connection to the database file (WAL: it reads what is
 * committed, as the main connection does). A search hands over its parsed query once and gets its hits back, so the
 * event loop serves other requests (and highlights, counts facets, embeds) while the ranking's statements run: at 100k
 * chunks on 2 cores, never-seen keyword searches from 16 clients went from 390 to 536 a second over HTTP (p99 95 → 60
 * ms), for about 0.3 ms more at one client. Per statement, as the read pool does, the hops cost more than they give on
 * 2 cores. A keyword search alone (every thread idle, no other ranking asked for among the requests already read)
 * ranks on its caller's thread: never-seen keyword queries from one client over HTTP at 100k chunks, p50 4.68-5.32 →
 * 3.78-4.43 ms (four runs each, alternated), with 16 clients alike (298-355/s against 314-373/s). Threads start on the
 * first searches (about 130 ms each), or all at once on `warm`; one that stops is replaced on the next search, and what
 * it was ranking is refused with `unavailable`.
 */
export function createKeywordRankingPool(options: {
  path: string;
  threads: number;
  busyTimeoutMs?: number;
}): KeywordRankingPool {
  const size = Math.max(1, Math.floor(options.threads));
  const slots: RequestThread<KeywordRankingCall, KeywordRanking>[] = [];
  let closed = false;
  /** Rankings asked for so far: one that finds every thread idle ranks in process only if no other follows it. */
  let arrivals = 0;
  /** Why a thread could not start: the next would fail alike, so searches rank in process from then on. */
  let broken: string | null = null;

  const startSlot = () => {
    const workerData = { path: options.path, busyTimeoutMs: options.busyTimeoutMs ?? 10_000 };
    const slot = startRequestThread<KeywordRankingCall, KeywordRanking>(workerUrl, workerData, (stop) => {
      const at = slots.indexOf(slot);
      if (at >= 0) slots.splice(at, 1);
      const why = stop.initError ? `it could not open the database: ${stop.reason}` : stop.reason;
      if (stop.initError) broken = why;
      const reason = closed ? "the keyword ranking threads are closed" : `a keyword ranking thread stopped (${why})`;
      for (const waiting of stop.unanswered) waiting.reject(new AppError("unavailable", reason));
    });
    slots.push(slot);
    return slot;
  };

  /** The least busy thread, starting one while there are fewer than `size` and every thread is busy. */
  const pick = () => {
    const idle = slots.reduce<(typeof slots)[number] | null>(
      (best, s) => (!best || s.pending < best.pending ? s : best),
      null,
    );
    return idle && (idle.pending === 0 || slots.length >= size) ? idle : startSlot();
  };

  return {
    warm() {
      if (closed || broken) return;
      while (slots.length < size) startSlot();
    },

    async rank(call, options) {
      if (closed) throw new AppError("unavailable", "the keyword ranking threads are closed");
      if (broken) throw new AppError("unavailable", `no keyword ranking thread: ${broken}`);
      arrivals++;
      if (options?.callerIdle && slots.every((s) => s.pending === 0)) {
        // The requests already read get their turn first: if none of them asks for a ranking, this one is alone.
        const seen = arrivals;
        await new Promise((resolve) => setImmediate(resolve));
        if (arrivals === seen && slots.every((s) => s.pending === 0)) return null;
      }
      // Counted as pending from now on, so searches arriving while a thread starts spread over the others.
      return pick().request(call);
    },

    async close() {
      closed = true;
      await Promise.all(slots.splice(0).map((slot) => slot.worker.terminate()));
    },
  };
}
