import { AppError } from "../errors";
import type { QueueConsumer } from "./queue-consumer";

/**
 * The life of a queue consumer we run ourselves, apart from how it claims and settles messages: a loop that looks
 * at the queue, sleeps until woken or until `waitMs` passes, stops gracefully (on `stop()` or an aborted signal)
 * and answers `drained()`.
 */
export interface ConsumerLoopOptions {
  /** Batches in flight at once; the loop sleeps when that many are running. */
  concurrency: number;
  /** Aborting it stops the consumer as `stop()` does. */
  signal?: AbortSignal | undefined;
  /** Starts batches (through `track`) while there is room and work; returns whether it started any. */
  fill(): boolean;
  /** Milliseconds to sleep after a look that found nothing to start, unless woken sooner (at least 1). */
  waitMs(): number;
  /** Whether the queue holds no message in any state; asked only when no batch of this consumer is in flight. */
  queueIsIdle(): boolean;
  /** Failures of `fill` and `queueIsIdle`; the loop goes on after them. */
  onError(error: unknown): void;
  /** Runs once on stop, after the batches in flight have settled: where to unsubscribe from wake-ups. */
  onStopped(): void;
  /** Runs when a batch settles (default: wakes this consumer, since room was freed). */
  afterBatch?: () => void;
}

export interface ConsumerLoop extends QueueConsumer {
  /** True from the moment `stop()` is called. */
  readonly stopping: boolean;
  /** Batches in flight. */
  readonly inFlight: number;
  /** Makes the loop look at the queue now instead of at the end of its sleep. */
  wake(): void;
  /** Counts a started batch as in flight until it settles. */
  track(batch: Promise<void>): void;
}

/** Starts the loop on a microtask, so that no handler runs inside the call that starts the consumer. */
export function startConsumerLoop(options: ConsumerLoopOptions): ConsumerLoop {
  const inFlight = new Set<Promise<void>>();
  let waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  let stopping = false;
  let stopped: Promise<void> | undefined;
  let woken = false;
  let interrupt: (() => void) | undefined;

  const wake = () => {
    woken = true;
    interrupt?.();
  };
  const afterBatch = options.afterBatch ?? wake;
  const sleep = () =>
    new Promise<void>((resolve) => {
      if (woken) return resolve();
      const timer = setTimeout(done, options.waitMs());
      function done() {
        clearTimeout(timer);
        interrupt = undefined;
        resolve();
      }
      interrupt = done;
    });

  const settleWaiters = (final: boolean) => {
    if (waiters.length === 0) return;
    if (inFlight.size === 0 && options.queueIsIdle()) {
      for (const w of waiters) w.resolve();
    } else if (final) {
      const error = new AppError("unavailable", "the queue consumer stopped before the queue was drained");
      for (const w of waiters) w.reject(error);
    } else {
      return;
    }
    waiters = [];
  };

  const looping = Promise.resolve().then(async () => {
    while (!stopping) {
      woken = false;
      let started = false;
      try {
        started = options.fill();
        if (!started) settleWaiters(false);
      } catch (error) {
        options.onError(error);
      }
      if (!started || inFlight.size >= options.concurrency) await sleep();
    }
  });

  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      stopping = true;
      wake();
      await looping;
      await Promise.all(inFlight);
      options.onStopped();
      options.signal?.removeEventListener("abort", onAbort);
      try {
        settleWaiters(true);
      } catch (error) {
        for (const w of waiters) w.reject(error);
        waiters = [];
      }
    })();
    return stopped;
  };
  const onAbort = () => void stop();
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener("abort", onAbort, { once: true });

  return {
    get stopping() {
      return stopping;
    },
    get inFlight() {
      return inFlight.size;
    },
    wake,
    track(batch) {
      const running = batch.finally(() => {
        inFlight.delete(running);
        afterBatch();
      });
      inFlight.add(running);
    },
    stop,
    drained() {
      if (stopping) return Promise.reject(new AppError("unavailable", "the queue consumer is stopped"));
      return new Promise<void>((resolve, reject) => {
        waiters.push({ resolve, reject });
        wake();
      });
    },
  };
}
