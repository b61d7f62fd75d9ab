import { AppError } from "../../core/errors";
import type { VectorQueryOptions, VectorQueryResult } from "../../core/ports/vector-index";
import { type RequestThread, startRequestThread } from "./request-thread";
import type { NodeVectorIndex, NodeVectorIndexOptions, NodeVectorIndexStatus } from "./vector-index";

/** What the thread opens: the index's options, with the database file in place of the connection. */
export type VectorThreadSetup = Omit<NodeVectorIndexOptions, "db" | "thread"> & { path: string };

/** The calls a thread answers: those that read the graph. Writes stay on the caller's connection. */
export type VectorThreadCall =
  | { op: "query"; vector: number[] | Float32Array | Float64Array; options: VectorQueryOptions }
  | { op: "ready" }
  | { op: "warm" }
  | { op: "status" };

/** What the thread is sent: those calls, and at the end `close`. */
export type VectorThreadRequest = VectorThreadCall | { op: "close" };

/** The same calls answered in the caller's thread, when no thread can answer them. */
export type VectorThreadFallback = Pick<NodeVectorIndex, "query" | "ready" | "warm" | "status">;

/** How long a closing thread may take to save its graph (a million vectors take seconds) before it is stopped. */
const CLOSE_GRACE_MS = 60_000;

const workerUrl = new URL("./vector-index-worker.mjs", import.meta.url);

/**
 * Vector queries on a thread of their own, which opens the index on its own connection to the database file and so
 * holds the HNSW graph: searching it (a few milliseconds a query at 100k vectors, synchronous in usearch), loading it,
 * catching it up and building it no longer take the event loop, which serves other requests meanwhile. The thread
 * starts on the first call and does not hold the process open when idle. One that cannot open the database leaves
 * every call to `fallback` (the index in the caller's thread); one that stops has its calls answered by `fallback`,
 * and the next call starts another. `onFallback` hears of each query answered so.
 */
export function createVectorIndexThread(
  setup: VectorThreadSetup,
  fallback: VectorThreadFallback,
  /** Told why, each time a query is answered in the caller's thread. */
  onFallback: (reason: string) => void = () => {},
) {
  let running: RequestThread<VectorThreadRequest, unknown> | null = null;
  /** Why no thread can open the index: every call is answered in process from then on. */
  let broken: string | null = null;
  let closed = false;

  const inProcess = (call: VectorThreadCall, reason: string): Promise<unknown> => {
    if (call.op !== "query") return fallback[call.op]();
    onFallback(reason);
    return fallback.query(call.vector, call.options);
  };

  const start = () => {
    const self = startRequestThread<VectorThreadRequest, unknown>(workerUrl, setup, (stop) => {
      if (running === self) running = null;
      if (stop.initError) broken = `the vector thread could not open the index: ${stop.reason}`; // the next would fail alike
      const reason = broken ?? `the vector thread stopped (${stop.reason})`;
      // What the thread had in hand is answered here, unless the index is closing.
      for (const { call, resolve, reject } of stop.unanswered) {
        if (closed || call.op === "close") reject(new AppError("unavailable", "the vector index is closed"));
        else inProcess(call, reason).then(resolve, reject);
      }
    });
    return self;
  };

  const call = async (request: VectorThreadCall): Promise<unknown> => {
    if (closed) throw new AppError("unavailable", "the vector index is closed");
    if (broken) return inProcess(request, broken);
    running ??= start();
    return running.request(request);
  };

  return {
    query(vector: number[] | Float32Array | Float64Array, options: VectorQueryOptions = {}) {
      return call({ op: "query", vector, options }) as Promise<VectorQueryResult>;
    },
    ready() {
      return call({ op: "ready" }) as Promise<void>;
    },
    warm() {
      return call({ op: "warm" }) as Promise<void>;
    },
    status() {
      return call({ op: "status" }) as Promise<NodeVectorIndexStatus>;
    },
    /**
     * Asks the thread to answer the calls made so far, save its graph and stop; waits for it (stopping it after
     * `CLOSE_GRACE_MS`). Later calls are refused.
     */
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      const current = running;
      if (!current) return;
      // After the calls already made, which the thread answers in order before it stops.
      current.request({ op: "close" }).catch(() => {});
      const timer = setTimeout(() => void current.worker.terminate(), CLOSE_GRACE_MS);
      await current.exited;
      clearTimeout(timer);
    },
  };
}
