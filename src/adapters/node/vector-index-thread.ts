import { Worker } from "node:worker_threads";
import { AppError, errorMessage } from "../../core/errors";
import type { VectorQueryOptions, VectorQueryResult } from "../../core/ports/vector-index";
import { fromThreadError, type ThreadError } from "./thread-error";
import type { NodeVectorIndex, NodeVectorIndexOptions, NodeVectorIndexStatus } from "./vector-index";

/** What the thread opens: the index's options, with the database file in place of the connection. */
export type VectorThreadSetup = Omit<NodeVectorIndexOptions, "db" | "thread"> & { path: string };

/** The calls a thread answers: those that read the graph. Writes stay on the caller's connection. */
export type VectorThreadCall =
  | { op: "query"; vector: number[] | Float32Array | Float64Array; options: VectorQueryOptions }
  | { op: "ready" }
  | { op: "warm" }
  | { op: "status" };

export type VectorThreadRequest = ({ id: number } & VectorThreadCall) | { op: "close" };

export type VectorThreadReply =
  | { id: number; value: unknown }
  | { id: number; error: ThreadError }
  | { ready: true }
  | { initError: string };

/** The same calls answered in the caller's thread, when no thread can answer them. */
export type VectorThreadFallback = Pick<NodeVectorIndex, "query" | "ready" | "warm" | "status">;

interface Waiting {
  call: VectorThreadCall;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Running {
  worker: Worker;
  started: Promise<void>;
  exited: Promise<void>;
}

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
  const waiting = new Map<number, Waiting>();
  let nextId = 0;
  let running: Running | null = null;
  /** Why no thread can open the index: every call is answered in process from then on. */
  let broken: string | null = null;
  let closed = false;

  const settle = (id: number): Waiting | undefined => {
    const job = waiting.get(id);
    waiting.delete(id);
    if (running && waiting.size === 0) running.worker.unref();
    return job;
  };
  const inProcess = (call: VectorThreadCall, reason: string): Promise<unknown> => {
    if (call.op !== "query") return fallback[call.op]();
    onFallback(reason);
    return fallback.query(call.vector, call.options);
  };

  const start = (): Running => {
    const worker = new Worker(workerUrl, { workerData: setup, execArgv: [] });
    let markStarted: () => void = () => {};
    let crash: string | null = null;
    const started = new Promise<void>((resolve) => {
      markStarted = resolve;
    });
    const self: Running = {
      worker,
      started,
      exited: new Promise<void>((resolve) => worker.once("exit", () => resolve())),
    };
    worker.on("message", (message: VectorThreadReply) => {
      if ("ready" in message) {
        markStarted();
      } else if ("initError" in message) {
        broken = `the vector thread could not open the index: ${message.initError}`; // the next would fail alike
        void worker.terminate();
      } else {
        const job = settle(message.id);
        if (!job) return;
        if ("error" in message) job.reject(fromThreadError(message.error));
        else job.resolve(message.value);
      }
    });
    // The exit that follows an error hands the thread's calls over.
    worker.on("error", (error) => {
      crash = errorMessage(error);
    });
    worker.on("exit", (code) => {
      if (running === self) running = null;
      markStarted();
      const reason = broken ?? `the vector thread stopped (${crash ?? `exit code ${code}`})`;
      // What the thread had in hand is answered here, unless the index is closing.
      for (const [id, job] of [...waiting]) {
        settle(id);
        if (closed) job.reject(new AppError("unavailable", "the vector index is closed"));
        else inProcess(job.call, reason).then(job.resolve, job.reject);
      }
    });
    return self;
  };

  const call = async (request: VectorThreadCall): Promise<unknown> => {
    if (closed) throw new AppError("unavailable", "the vector index is closed");
    if (broken) return inProcess(request, broken);
    running ??= start();
    const { worker, started } = running;
    const id = nextId++;
    const answer = new Promise<unknown>((resolve, reject) => waiting.set(id, { call: request, resolve, reject }));
    worker.ref();
    await started;
    // A thread that stopped before it was ready has already handed this call over.
    if (waiting.has(id)) worker.postMessage({ id, ...request } satisfies VectorThreadRequest);
    return answer;
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
      current.worker.ref();
      // After the calls already made: they are sent once the thread is ready, in order, and answered before it stops.
      await current.started;
      current.worker.postMessage({ op: "close" } satisfies VectorThreadRequest);
      const timer = setTimeout(() => void current.worker.terminate(), CLOSE_GRACE_MS);
      await current.exited;
      clearTimeout(timer);
    },
  };
}
