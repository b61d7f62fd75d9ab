import { Worker } from "node:worker_threads";
import type { FilterSql } from "../../core/document-filters";
import { AppError, errorMessage } from "../../core/errors";
import type { KeywordRanker, KeywordRanking } from "../../core/search/keyword";
import type { ParsedQuery } from "../../core/search/query-parser";

/** What a search sends a ranking thread. */
export interface KeywordRankingRequest {
  id: number;
  parsed: ParsedQuery;
  filter: FilterSql;
  generation: number | null;
}

/** What it answers: the ranking, or why there is none. */
export type KeywordRankingReply = { id: number; ranking: KeywordRanking } | { id: number; error: string };

/** What a thread says once: it is ready, or it could not open the database. */
export type KeywordRankingStart = { ready: true } | { initError: string };

export interface KeywordRankingPool extends KeywordRanker {
  /** Stops the threads; rankings in flight are refused with `unavailable`. */
  close(): Promise<void>;
}

interface Slot {
  worker: Worker;
  started: Promise<void>;
  /** Rankings sent and not yet answered. */
  busy: Set<number>;
}

interface Waiting {
  resolve: (ranking: KeywordRanking) => void;
  reject: (error: Error) => void;
}

const workerUrl = new URL("./keyword-ranking-worker.mjs", import.meta.url);

/**
 * Keyword ranking on worker threads, each with a read-only connection to the database file (WAL: it reads what is
 * committed, as the main connection does). A search hands over its parsed query once and gets its hits back, so the
 * event loop serves other requests (and highlights, counts facets, embeds) while the ranking's statements run: at 100k
 * chunks on 2 cores, never-seen keyword searches from 16 clients went from 390 to 536 a second over HTTP (p99 95 → 60
 * ms), for about 0.3 ms more at one client. Per statement, as the read pool does, the hops cost more than they give on
 * 2 cores. Threads start on the first search (about 130 ms each); one that stops is replaced on the next, and what it
 * was ranking is refused with `unavailable`.
 */
export function createKeywordRankingPool(options: {
  path: string;
  threads: number;
  busyTimeoutMs?: number;
}): KeywordRankingPool {
  const size = Math.max(1, Math.floor(options.threads));
  const slots: Slot[] = [];
  const waiting = new Map<number, Waiting>();
  let nextId = 0;
  let closed = false;
  /** Why a thread could not start: the next would fail alike, so searches rank in process from then on. */
  let broken: string | null = null;

  const refuse = (ids: Iterable<number>, reason: string) => {
    for (const id of ids) {
      waiting.get(id)?.reject(new AppError("unavailable", reason));
      waiting.delete(id);
    }
  };

  const startSlot = (): Slot => {
    const worker = new Worker(workerUrl, {
      workerData: { path: options.path, busyTimeoutMs: options.busyTimeoutMs ?? 10_000 },
      // Not the process's flags: `--input-type`, say, stops a worker from starting (the thread loads what it needs).
      execArgv: [],
    });
    let crash: string | null = null;
    let markStarted: () => void = () => {};
    let markFailed: (error: Error) => void = () => {};
    const slot: Slot = {
      worker,
      busy: new Set(),
      started: new Promise<void>((resolve, reject) => {
        markStarted = resolve;
        markFailed = reject;
      }),
    };
    // A thread that never started is reported by the ranking that waited for it.
    slot.started.catch(() => {});
    worker.on("message", (message: KeywordRankingStart | KeywordRankingReply) => {
      if ("ready" in message) {
        markStarted();
        if (slot.busy.size === 0) worker.unref();
      } else if ("initError" in message) {
        crash = `it could not open the database: ${message.initError}`;
        broken = crash;
        void worker.terminate();
      } else {
        slot.busy.delete(message.id);
        if (slot.busy.size === 0) worker.unref();
        const job = waiting.get(message.id);
        waiting.delete(message.id);
        if (!job) return;
        if ("error" in message) job.reject(new AppError("internal", `keyword ranking failed: ${message.error}`));
        else job.resolve(message.ranking);
      }
    });
    worker.on("error", (error) => {
      crash = errorMessage(error);
    });
    worker.on("exit", (code) => {
      const at = slots.indexOf(slot);
      if (at >= 0) slots.splice(at, 1);
      const reason = `a keyword ranking thread stopped (${crash ?? `exit code ${code}`})`;
      markFailed(new AppError("unavailable", reason));
      refuse(slot.busy, reason);
    });
    // Idle threads do not hold the process open; starting and busy ones do, until they are ready or answer.
    slots.push(slot);
    return slot;
  };

  /** The least busy thread, starting one while there are fewer than `size` and every thread is busy. */
  const pick = (): Slot => {
    const idle = slots.reduce<Slot | null>((best, s) => (!best || s.busy.size < best.busy.size ? s : best), null);
    return idle && (idle.busy.size === 0 || slots.length >= size) ? idle : startSlot();
  };

  return {
    async rank({ parsed, filter, generation }) {
      if (closed) throw new AppError("unavailable", "the keyword ranking threads are closed");
      if (broken) throw new AppError("unavailable", `no keyword ranking thread: ${broken}`);
      // Counted as busy from now on, so searches arriving while a thread starts spread over the others.
      const slot = pick();
      const id = nextId++;
      slot.busy.add(id);
      slot.worker.ref();
      try {
        await slot.started;
      } catch (error) {
        slot.busy.delete(id);
        throw error;
      }
      return new Promise<KeywordRanking>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        const request: KeywordRankingRequest = { id, parsed, filter, generation };
        slot.worker.postMessage(request);
      });
    },

    async close() {
      closed = true;
      const stopping = slots.splice(0).map((slot) => {
        refuse(slot.busy, "the keyword ranking threads are closed");
        return slot.worker.terminate();
      });
      await Promise.all(stopping);
    },
  };
}
