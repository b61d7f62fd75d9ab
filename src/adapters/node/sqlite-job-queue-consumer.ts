import { randomUUID } from "node:crypto";
import { errorMessage } from "../../core/errors";
import type { QueueHandler } from "../../core/ports/job-queue";
import { buildQueueBatch, type QueueDecision, settledDecision } from "../../core/storage-rules/queue-batch";
import type { QueueConsumeOptions, QueueConsumer } from "../../core/storage-rules/queue-consumer";
import { startConsumerLoop } from "../../core/storage-rules/queue-consumer-loop";
import type { QueueStore, QueueTable, Settlement, StoredMessage } from "./sqlite-job-queue-store";

/** Options of `SqliteJobQueue.consume`. */
export type ConsumeOptions<Body> = QueueConsumeOptions<Body>;

/** A running consumer of a `SqliteJobQueue`. */
export type JobQueueConsumer = QueueConsumer;

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
  let preferDeadLetters = false;

  const startBatch = (table: QueueTable, handle: QueueHandler<Body>): boolean => {
    const at = now();
    if (!store.hasVisible(table, at)) return false;
    const owner = randomUUID();
    const rows = store.claim(table, owner, batchSize, at, leaseMs);
    if (rows.length === 0) return false;
    loop.track(runBatch(table, handle, owner, rows));
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
    const decisions = new Map<string, QueueDecision>();
    let failure: { error: unknown } | undefined;
    try {
      const name = table === "job_queue_messages" ? store.queue : `${store.queue}-dlq`;
      const items = rows.map((row) => ({
        id: row.id,
        timestamp: new Date(row.createdAt),
        body: JSON.parse(row.body) as Body,
        attempts: row.attempts,
      }));
      await handle(buildQueueBatch(name, items, decisions));
    } catch (error) {
      failure = { error };
      report(error);
    } finally {
      clearInterval(heartbeat);
    }
    const error = failure ? errorMessage(failure.error) : null;
    const outcomes = rows.map((row): Settlement => {
      const decision = settledDecision(decisions, row.id, failure !== undefined);
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
    while (!loop.stopping && loop.inFlight < concurrency) {
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

  const loop = startConsumerLoop({
    concurrency,
    signal: options.signal,
    fill,
    waitMs: () => pollIntervalMs,
    queueIsIdle: () => store.isIdle(deadLetterHandler !== undefined),
    onError: report,
    onStopped: () => unsubscribe(),
  });
  const unsubscribe = ctx.subscribe(loop.wake);
  return { stop: loop.stop, drained: loop.drained };
}
