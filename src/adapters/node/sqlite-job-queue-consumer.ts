import { randomUUID } from "node:crypto";
import { AppError, errorMessage } from "../../core/errors";
import type { QueueHandler, QueueMessage, QueueMessageBatch } from "../../core/ports/job-queue";
import type { QueueStore, QueueTable, Settlement, StoredMessage } from "./sqlite-job-queue-store";

export interface ConsumeOptions<Body> {
  /** Most messages handed to one handler call (default 10). */
  batchSize?: number;
  /** Batches in flight at once (default 1). */
  concurrency?: number;
  /** How often to look for messages sent by other processes (default 1000 ms); local sends wake the loop at once. */
  pollIntervalMs?: number;
  /** Receives dead letters in batches, at least once, like a Cloudflare dead-letter queue consumer. */
  deadLetterHandler?: QueueHandler<Body>;
  /** Aborting it stops the consumer as `stop()` does. */
  signal?: AbortSignal;
  /** Handler rejections and storage failures (default: `console.error`); the loop goes on after both. */
  onError?: (error: unknown) => void;
}

export interface JobQueueConsumer {
  /**
   * Stops claiming, waits for the batches in flight to finish and settles them (a graceful drain). Idempotent:
   * every call returns the same promise.
   */
  stop(): Promise<void>;
  /**
   * Resolves once the queue holds no message in any state (ready, delayed or leased, by any process) and no batch
   * of this consumer is in flight — and, with a `deadLetterHandler`, no dead letter awaits delivery. Delayed
   * retries are waited for. Rejects with `unavailable` if the consumer stops while the queue is still busy.
   */
  drained(): Promise<void>;
}

export interface ConsumerContext {
  store: QueueStore;
  now: () => number;
  leaseMs: number;
  maxAttempts: number;
  /** Delay before a retry that did not say how long to wait. */
  backoffMs: (attempts: number) => number;
  /** Calls `listener` after a local send; returns the unsubscribe function. */
  subscribe: (listener: () => void) => () => void;
}

type Decision = { kind: "ack" } | { kind: "retry"; delaySeconds: number | undefined };

/** Starts the polling loop behind `SqliteJobQueue.consume`. */
export function startSqliteConsumer<Body>(
  ctx: ConsumerContext,
  handler: QueueHandler<Body>,
  options: ConsumeOptions<Body> = {},
): JobQueueConsumer {
  const { store, now, leaseMs } = ctx;
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 10));
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
  const pollIntervalMs = Math.max(1, options.pollIntervalMs ?? 1000);
  const heartbeatMs = Math.max(10, Math.floor(leaseMs / 3));
  const report = options.onError ?? ((error: unknown) => console.error("job queue:", error));
  const deadLetterHandler = options.deadLetterHandler;
  const inFlight = new Set<Promise<void>>();
  let waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  let stopping = false;
  let stopped: Promise<void> | undefined;
  let woken = false;
  let interrupt: (() => void) | undefined;
  let preferDeadLetters = false;

  const wake = () => {
    woken = true;
    interrupt?.();
  };
  const sleep = () =>
    new Promise<void>((resolve) => {
      if (woken) return resolve();
      const timer = setTimeout(done, pollIntervalMs);
      function done() {
        clearTimeout(timer);
        interrupt = undefined;
        resolve();
      }
      interrupt = done;
    });
  const unsubscribe = ctx.subscribe(wake);

  const startBatch = (table: QueueTable, handle: QueueHandler<Body>): boolean => {
    const at = now();
    if (!store.hasVisible(table, at)) return false;
    const owner = randomUUID();
    const rows = store.claim(table, owner, batchSize, at, leaseMs);
    if (rows.length === 0) return false;
    const running = runBatch(table, handle, owner, rows).finally(() => {
      inFlight.delete(running);
      wake();
    });
    inFlight.add(running);
    return true;
  };

  const runBatch = async (table: QueueTable, handle: QueueHandler<Body>, owner: string, rows: StoredMessage[]) => {
    // Keeps the lease ahead of a long handler; a process that dies stops renewing and its messages come back.
    const heartbeat = setInterval(() => {
      try {
        store.extend(table, owner, now() + leaseMs);
      } catch (error) {
        report(error);
      }
    }, heartbeatMs);
    heartbeat.unref();
    const decisions = new Map<string, Decision>();
    let failure: { error: unknown } | undefined;
    try {
      const name = table === "job_queue_messages" ? store.queue : `${store.queue}-dlq`;
      await handle(buildBatch<Body>(name, rows, decisions));
    } catch (error) {
      failure = { error };
      report(error);
    } finally {
      clearInterval(heartbeat);
    }
    const error = failure ? errorMessage(failure.error) : null;
    const outcomes = rows.map((row): Settlement => {
      const decision =
        decisions.get(row.id) ?? (failure ? { kind: "retry", delaySeconds: undefined } : { kind: "ack" });
      if (decision.kind === "ack") return { id: row.id, kind: "ack" };
      if (row.attempts >= ctx.maxAttempts) return { id: row.id, kind: "dead", error };
      const delayMs = decision.delaySeconds === undefined ? ctx.backoffMs(row.attempts) : decision.delaySeconds * 1000;
      return { id: row.id, kind: "retry", visibleAt: now() + Math.round(Math.max(0, delayMs || 0)), error };
    });
    try {
      if (table === "job_queue_messages") store.settleMessages(owner, outcomes, now());
      else store.settleDeadLetters(owner, outcomes, now());
    } catch (settleError) {
      // The leases run out and the messages are delivered again: at least once, never lost.
      report(settleError);
    }
  };

  const fill = (): boolean => {
    let started = false;
    while (!stopping && inFlight.size < concurrency) {
      const order: [QueueTable, QueueHandler<Body>][] = [["job_queue_messages", handler]];
      if (deadLetterHandler) {
        const dead: [QueueTable, QueueHandler<Body>] = ["job_queue_dead_letters", deadLetterHandler];
        if (preferDeadLetters) order.unshift(dead);
        else order.push(dead);
      }
      const claimed = order.find(([table, handle]) => startBatch(table, handle));
      if (!claimed) break;
      // Alternating keeps dead letters flowing while the main queue stays busy.
      preferDeadLetters = claimed[0] === "job_queue_messages";
      started = true;
    }
    return started;
  };

  const settleWaiters = (final: boolean) => {
    if (waiters.length === 0) return;
    if (inFlight.size === 0 && store.isIdle(deadLetterHandler !== undefined)) {
      for (const w of waiters) w.resolve();
    } else if (final) {
      const error = new AppError("unavailable", "the queue consumer stopped before the queue was drained");
      for (const w of waiters) w.reject(error);
    } else {
      return;
    }
    waiters = [];
  };

  const loop = async () => {
    while (!stopping) {
      woken = false;
      let started = false;
      try {
        started = fill();
        if (!started) settleWaiters(false);
      } catch (error) {
        report(error);
      }
      if (!started || inFlight.size >= concurrency) await sleep();
    }
  };
  // Started on a microtask, so a handler never runs inside the `consume()` call itself.
  const looping = Promise.resolve().then(loop);

  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      stopping = true;
      wake();
      await looping;
      await Promise.all(inFlight);
      unsubscribe();
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

/** A Queues-shaped batch over claimed rows; the first decision about a message wins. */
function buildBatch<Body>(
  queue: string,
  rows: StoredMessage[],
  decisions: Map<string, Decision>,
): QueueMessageBatch<Body> {
  const decide = (id: string, decision: Decision) => {
    if (!decisions.has(id)) decisions.set(id, decision);
  };
  const messages = rows.map(
    (row): QueueMessage<Body> => ({
      id: row.id,
      timestamp: new Date(row.createdAt),
      body: JSON.parse(row.body) as Body,
      attempts: row.attempts,
      ack: () => decide(row.id, { kind: "ack" }),
      retry: (options) => decide(row.id, { kind: "retry", delaySeconds: options?.delaySeconds }),
    }),
  );
  return {
    queue,
    messages,
    ackAll: () => {
      for (const m of messages) m.ack();
    },
    retryAll: (options) => {
      for (const m of messages) m.retry(options);
    },
  };
}
