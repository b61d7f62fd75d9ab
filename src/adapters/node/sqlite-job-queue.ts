import type Database from "better-sqlite3";
import { AppError } from "../../core/errors";
import type { JobQueue, QueueHandler, QueueSendBatchItem, QueueSendOptions } from "../../core/ports/job-queue";
import { retryBackoffMs } from "../../core/storage-rules/queue-batch";
import type { QueueDeadLetter } from "../../core/storage-rules/queue-consumer";
import type { NodeSqlDatabase } from "./sqlite-database";
import { type ConsumeOptions, type JobQueueConsumer, startSqliteConsumer } from "./sqlite-job-queue-consumer";
import { createQueueStore } from "./sqlite-job-queue-store";

export type { ConsumeOptions, JobQueueConsumer } from "./sqlite-job-queue-consumer";

export interface SqliteJobQueueOptions {
  /** The tables are created here if missing; they are not part of the migrations, since Workers use Queues. */
  db: Pick<NodeSqlDatabase, "raw">;
  /** Several named queues share the tables. */
  queue: string;
  /** Deliveries before a message that still fails becomes a dead letter (default 5). */
  maxAttempts?: number;
  /** The lease a consumer holds on a claimed message, renewed while its handler runs (default 30 s). */
  visibilityTimeoutSeconds?: number;
  /** Exponential backoff with jitter for retries without an explicit delay (default 1 s doubling up to 300 s). */
  backoff?: { baseSeconds?: number; maxSeconds?: number };
  /** Clock in epoch milliseconds (default `Date.now`). */
  now?: () => number;
}

export interface JobQueueStats {
  /** Visible now, including messages whose lease ran out. */
  ready: number;
  /** Waiting for a send delay or a retry backoff. */
  delayed: number;
  /** Leased by a consumer (of any process). */
  inFlight: number;
  dead: number;
}

export interface DeadLetter<Body> extends QueueDeadLetter<Body> {
  /** When the message was first sent. */
  timestamp: Date;
  failedAt: Date;
  /** When the dead-letter handler acked it; null if none did yet (or it gave up). */
  deliveredAt: Date | null;
}

export interface SqliteJobQueue<Body> extends JobQueue<Body> {
  readonly queue: string;
  /**
   * Starts claiming batches and handing them to `handler`. Each message is leased to one consumer at a time, across
   * processes sharing the file; delivery is at least once. Several consumers may run on one queue. Dead letters
   * reach `deadLetterHandler` at least once too; `onError` defaults to `console.error`; `drained()` counts the
   * messages of every process and rejects with `unavailable` when the consumer stops first.
   */
  consume(handler: QueueHandler<Body>, options?: ConsumeOptions<Body>): JobQueueConsumer;
  stats(): Promise<JobQueueStats>;
  /** Oldest first. */
  listDeadLetters(options?: { limit?: number }): Promise<DeadLetter<Body>[]>;
  /** Sends a dead letter again with a fresh attempt count; false when there is no such dead letter. */
  requeueDeadLetter(id: string): Promise<boolean>;
  /** Requeues every dead letter of the queue; returns how many. */
  requeueDeadLetters(): Promise<number>;
  /** Forgets a dead letter; false when there is none. */
  deleteDeadLetter(id: string): Promise<boolean>;
}

/** Local senders wake local consumers of the same connection and queue; other processes are found by polling. */
const listeners = new WeakMap<Database.Database, Map<string, Set<() => void>>>();

/**
 * A durable queue in SQLite with the Cloudflare Queues semantics: a send resolves once the message is committed;
 * consumers in any number of processes claim batches atomically under leases, so each message is handled by one
 * consumer at a time and one whose process dies is delivered again when its lease runs out.
 */
export function createSqliteJobQueue<Body = unknown>(options: SqliteJobQueueOptions): SqliteJobQueue<Body> {
  const { queue } = options;
  if (!queue) throw new AppError("bad_request", "a queue needs a name");
  const raw = options.db.raw;
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 5));
  const leaseMs = Math.max(1, Math.round((options.visibilityTimeoutSeconds ?? 30) * 1000));
  const baseMs = (options.backoff?.baseSeconds ?? 1) * 1000;
  const maxMs = (options.backoff?.maxSeconds ?? 300) * 1000;
  const now = options.now ?? Date.now;
  const store = createQueueStore({ raw, queue, maxAttempts });

  const byQueue = listeners.get(raw) ?? new Map<string, Set<() => void>>();
  listeners.set(raw, byQueue);
  const local = byQueue.get(queue) ?? new Set<() => void>();
  byQueue.set(queue, local);
  const notify = () => {
    for (const listener of local) listener();
  };

  const enqueue = (items: { body: Body; delaySeconds?: number | undefined }[], fallbackDelay?: number) => {
    const at = now();
    const rows = items.map((item) => ({
      body: serialise(item.body),
      visibleAt: at + delayMs(item.delaySeconds ?? fallbackDelay),
    }));
    if (rows.length === 0) return;
    store.insert(rows, at);
    notify();
  };

  return {
    queue,
    async send(body: Body, sendOptions?: QueueSendOptions) {
      enqueue([{ body, delaySeconds: sendOptions?.delaySeconds }]);
    },
    async sendBatch(messages: Iterable<QueueSendBatchItem<Body>>, sendOptions?: QueueSendOptions) {
      enqueue([...messages], sendOptions?.delaySeconds);
    },
    consume: (handler, consumeOptions) =>
      startSqliteConsumer<Body>(
        {
          store,
          now,
          leaseMs,
          maxAttempts,
          backoffMs: (attempts) => retryBackoffMs(attempts, { baseMs, maxMs }),
          subscribe: (listener) => {
            local.add(listener);
            return () => local.delete(listener);
          },
        },
        handler,
        consumeOptions,
      ),
    stats: async () => store.stats(now()),
    async listDeadLetters(listOptions) {
      const limit = Math.max(1, Math.floor(listOptions?.limit ?? 100));
      return store.listDeadLetters(limit).map((row) => ({
        id: row.id,
        body: JSON.parse(row.body) as Body,
        timestamp: new Date(row.created_at),
        attempts: row.attempts,
        failedAt: new Date(row.failed_at),
        error: row.error,
        deliveredAt: row.delivered_at === null ? null : new Date(row.delivered_at),
      }));
    },
    async requeueDeadLetter(id) {
      const moved = store.requeue(id, now());
      if (moved > 0) notify();
      return moved > 0;
    },
    async requeueDeadLetters() {
      const moved = store.requeue(null, now());
      if (moved > 0) notify();
      return moved;
    },
    deleteDeadLetter: async (id) => store.deleteDeadLetters(id) > 0,
  };
}

function serialise(body: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(body);
  } catch (error) {
    throw new AppError("bad_request", "a queue message body must be JSON-serialisable", { cause: String(error) });
  }
  if (text === undefined) throw new AppError("bad_request", "a queue message body must be JSON-serialisable");
  return text;
}

function delayMs(seconds: number | undefined): number {
  if (seconds === undefined) return 0;
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new AppError("bad_request", "delaySeconds must be a non-negative number", { delaySeconds: seconds });
  }
  return Math.round(seconds * 1000);
}
