import { parentPort, Worker } from "node:worker_threads";
import { AppError, errorMessage } from "../../core/errors";
import { fromThreadError, type ThreadError, threadError } from "./thread-error";

/**
 * What a request thread sends: first whether it could open what it needs (its database, say), then one answer per
 * request, by the request's id.
 */
type ThreadMessage =
  | { ready: true }
  | { initError: string }
  | { id: number; value: unknown }
  | { id: number; error: ThreadError };

/** A request the thread had not answered when it stopped. */
export interface Unanswered<Call, Value> {
  call: Call;
  resolve(value: Value): void;
  reject(error: Error): void;
}

/** How a thread stopped, and what it left unanswered: its owner answers those, or refuses them. */
export interface ThreadStop<Call, Value> {
  /** Why: what it could not open, its error, or its exit code. */
  reason: string;
  /** It had said it was ready: its code loaded and it opened what it needs. */
  started: boolean;
  /** It said it could not open what it needs: another would fail alike. */
  initError: boolean;
  unanswered: Unanswered<Call, Value>[];
}

export interface RequestThread<Call, Value> {
  readonly worker: Worker;
  /** Requests sent and not yet answered. */
  readonly pending: number;
  readonly exited: Promise<void>;
  /** Sends a request at once (a thread that is still starting takes it when ready); its answer or its error. */
  request(call: Call): Promise<Value>;
}

/**
 * A worker thread answering requests (see `answerRequests`), for the long-lived threads of the Node runtime: the
 * document reader, keyword ranking, vector queries. An error the thread's handler throws comes back as the
 * `AppError` it was. The thread holds the process open while it has requests to answer, not when idle. When it
 * stops, `onStop` is told once, with the requests it had not answered.
 */
export function startRequestThread<Call extends object, Value>(
  url: URL,
  workerData: unknown,
  onStop: (stop: ThreadStop<Call, Value>) => void,
): RequestThread<Call, Value> {
  // Not the process's flags: `--input-type`, say, stops a worker from starting (the thread loads what it needs).
  const worker = new Worker(url, { workerData, execArgv: [] });
  const unanswered = new Map<number, Unanswered<Call, Value>>();
  let nextId = 0;
  let ready = false;
  let stopped = false;
  let crash: string | null = null;
  let initError: string | null = null;
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));

  worker.on("message", (message: ThreadMessage) => {
    if ("ready" in message) {
      ready = true;
    } else if ("initError" in message) {
      initError = message.initError;
      void worker.terminate();
      return;
    } else {
      const waiting = unanswered.get(message.id);
      if (!waiting) return;
      unanswered.delete(message.id);
      if ("error" in message) waiting.reject(fromThreadError(message.error));
      else waiting.resolve(message.value as Value);
    }
    if (unanswered.size === 0) worker.unref();
  });
  // The exit that follows an error hands the unanswered requests over.
  worker.on("error", (error) => {
    crash ??= errorMessage(error);
  });
  worker.once("exit", (code) => {
    stopped = true;
    const lost = [...unanswered.values()];
    unanswered.clear();
    onStop({
      reason: initError ?? crash ?? `exit code ${code}`,
      started: ready,
      initError: initError !== null,
      unanswered: lost,
    });
  });

  return {
    worker,
    get pending() {
      return unanswered.size;
    },
    exited,
    request(call) {
      if (stopped) return Promise.reject(new AppError("unavailable", "the thread has stopped"));
      const id = nextId++;
      worker.ref();
      return new Promise<Value>((resolve, reject) => {
        unanswered.set(id, { call, resolve, reject });
        worker.postMessage({ ...call, id });
      });
    },
  };
}

/**
 * The thread's side of `startRequestThread`: `open` prepares what the thread needs (a throw is an `initError`) and
 * gives the handler that answers each request, its value or its error sent back by the request's id.
 */
export function answerRequests<Call>(open: () => (call: Call) => unknown): void {
  const port = parentPort;
  if (!port) throw new Error("answerRequests runs in a worker thread");
  try {
    const answer = open();
    port.on("message", async ({ id, ...call }: { id: number }) => {
      let reply: ThreadMessage;
      try {
        reply = { id, value: await answer(call as Call) };
      } catch (error) {
        reply = { id, error: threadError(error) };
      }
      port.postMessage(reply);
    });
    port.postMessage({ ready: true } satisfies ThreadMessage);
  } catch (error) {
    port.postMessage({ initError: errorMessage(error) } satisfies ThreadMessage);
  }
}
