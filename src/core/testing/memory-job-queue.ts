import type { JobQueue, QueueHandler, QueueSendBatchItem, QueueSendOptions } from "../ports/job-queue";
import { buildQueueBatch, type QueueDecision, retryBackoffMs, settledDecision } from "../storage-rules/queue-batch";
import type { QueueConsumeOptions, QueueConsumer, QueueDeadLetter } from "../storage-rules/queue-consumer";
import { startConsumerLoop } from "../storage-rules/queue-consumer-loop";

export interface MemoryJobQueueOptions {
  queue?: string;
  /** Deliveries before a message that still fails becomes a dead letter (default 5). */
  maxAttempts?: number;
  /** Backoff for retries without an explicit delay: doubling from `baseSeconds`, capped, with jitter. */
  backoff?: { baseSeconds?: number; maxSeconds?: number };
  /** Clock in epoch milliseconds (default `Date.now`). */
  now?: () => number;
}

/** Options of `MemoryJobQueue.consume`. */
export type MemoryConsumeOptions<Body> = QueueConsumeOptions<Body>;

/** A running consumer of a `MemoryJobQueue`. */
export type MemoryJobQueueConsumer = QueueConsumer;

export type MemoryDeadLetter<Body> = QueueDeadLetter<Body>;

export interface MemoryJobQueue<Body> extends JobQueue<Body> {
  readonly queue: string;
  /**
   * Starts handing batches to `handler`, waking for sends and when a delay falls due. Each batch of new dead
   * letters reaches `deadLetterHandler` once, its failures only reaching `onError`; handler rejections are ignored
   * unless `onError` is given (the messages are retried either way).
   */
  consume(handler: QueueHandler<Body>, options?: MemoryConsumeOptions<Body>): MemoryJobQueueConsumer;
  stats(): { ready: number; delayed: number; inFlight: number; dead: number };
  deadLetters(): readonly MemoryDeadLetter<Body>[];
}

interface Entry<Body> {
  id: string;
  body: Body;
  timestamp: Date;
  visibleAt: number;
  attempts: number;
  leased: boolean;
}

/**
 * A job queue held in memory, with the delivery rules of the durable ones (batches, explicit and implicit
 * ack/retry, backoff, dead letters) and none of their durability: for tests of code that sends or consumes jobs.
 * Bodies are copied with `structuredClone`, so a sender's later changes never reach a consumer.
 */
export function createMemoryJobQueue<Body = unknown>(options: MemoryJobQueueOptions = {}): MemoryJobQueue<Body> {
  const queue = options.queue ?? "jobs";
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 5));
  const baseMs = (options.backoff?.baseSeconds ?? 1) * 1000;
  const maxMs = (options.backoff?.maxSeconds ?? 300) * 1000;
  const now = options.now ?? Date.now;
  let entries: Entry<Body>[] = [];
  const dead: MemoryDeadLetter<Body>[] = [];
  const pendingDead: { entry: Entry<Body>; error: string | null }[] = [];
  const wakers = new Set<() => void>();
  const wakeAll = () => {
    for (const wake of wakers) wake();
  };

  const enqueue = (items: QueueSendBatchItem<Body>[], fallbackDelay?: number) => {
    const at = now();
    for (const item of items) {
      const delay = item.delaySeconds ?? fallbackDelay ?? 0;
      if (!Number.isFinite(delay) || delay < 0) throw new RangeError("delaySeconds must be a non-negative number");
      entries.push({
        id: crypto.randomUUID(),
        body: structuredClone(item.body),
        timestamp: new Date(at),
        visibleAt: at + delay * 1000,
        attempts: 0,
        leased: false,
      });
    }
    wakeAll();
  };

  const settle = (claimed: Entry<Body>[], decisions: Map<string, QueueDecision>, failure: unknown) => {
    const error = failure === undefined ? null : failure instanceof Error ? failure.message : String(failure);
    for (const entry of claimed) {
      const decision = settledDecision(decisions, entry.id, failure !== undefined);
      entry.leased = false;
      if (decision.kind === "ack") {
        entries = entries.filter((e) => e !== entry);
      } else if (entry.attempts >= maxAttempts) {
        entries = entries.filter((e) => e !== entry);
        dead.push({ id: entry.id, body: entry.body, attempts: entry.attempts, error });
        pendingDead.push({ entry, error });
      } else {
        const backoff = retryBackoffMs(entry.attempts, { baseMs, maxMs });
        const delayMs = decision.delaySeconds === undefined ? backoff : Math.max(0, decision.delaySeconds * 1000);
        entry.visibleAt = now() + delayMs;
      }
    }
  };

  const consume = (handler: QueueHandler<Body>, consumeOptions: MemoryConsumeOptions<Body> = {}) => {
    const batchSize = Math.max(1, Math.floor(consumeOptions.batchSize ?? 10));
    const concurrency = Math.max(1, Math.floor(consumeOptions.concurrency ?? 1));
    const pollIntervalMs = Math.max(1, consumeOptions.pollIntervalMs ?? 1000);
    const deadLetterHandler = consumeOptions.deadLetterHandler;
    const run = (name: string, handle: QueueHandler<Body>, claimed: Entry<Body>[], onDone?: () => void) => {
      const decisions = new Map<string, QueueDecision>();
      const items = claimed.map((entry) => ({ ...entry, body: structuredClone(entry.body) }));
      const batch = buildQueueBatch(name, items, decisions);
      loop.track(
        (async () => {
          let failure: unknown;
          try {
            await handle(batch);
          } catch (error) {
            failure = error ?? new Error("handler rejected");
            consumeOptions.onError?.(error);
          }
          if (onDone) onDone();
          else settle(claimed, decisions, failure);
        })(),
      );
    };

    const fill = (): boolean => {
      let started = false;
      while (!loop.stopping && loop.inFlight < concurrency) {
        if (deadLetterHandler && pendingDead.length > 0) {
          const taken = pendingDead.splice(0, batchSize).map(({ entry }) => ({ ...entry, attempts: 1 }));
          run(`${queue}-dlq`, deadLetterHandler, taken, () => {});
        } else {
          const at = now();
          const claimed = entries.filter((e) => !e.leased && e.visibleAt <= at).slice(0, batchSize);
          if (claimed.length === 0) break;
          for (const entry of claimed) {
            entry.leased = true;
            entry.attempts += 1;
          }
          run(queue, handler, claimed);
        }
        started = true;
      }
      return started;
    };

    // The soonest delayed message wakes the loop, so delays need no short poll interval.
    const waitMs = () => {
      const at = now();
      const due = entries.reduce(
        (soonest, e) => (e.leased ? soonest : Math.min(soonest, e.visibleAt - at)),
        pollIntervalMs,
      );
      return Math.max(1, due);
    };

    const loop = startConsumerLoop({
      concurrency,
      signal: consumeOptions.signal,
      fill,
      waitMs,
      queueIsIdle: () => entries.length === 0 && (deadLetterHandler === undefined || pendingDead.length === 0),
      onError: () => {},
      onStopped: () => wakers.delete(loop.wake),
      afterBatch: wakeAll,
    });
    wakers.add(loop.wake);
    return { stop: loop.stop, drained: loop.drained };
  };

  return {
    queue,
    send: async (body: Body, sendOptions?: QueueSendOptions) => enqueue([{ body, ...sendOptions }]),
    sendBatch: async (messages, sendOptions) => enqueue([...messages], sendOptions?.delaySeconds),
    consume,
    stats() {
      const at = now();
      const waiting = entries.filter((e) => !e.leased);
      return {
        ready: waiting.filter((e) => e.visibleAt <= at).length,
        delayed: waiting.filter((e) => e.visibleAt > at).length,
        inFlight: entries.length - waiting.length,
        dead: dead.length,
      };
    },
    deadLetters: () => dead.map((d) => ({ ...d })),
  };
}
