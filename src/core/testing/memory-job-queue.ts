import type {
  JobQueue,
  QueueHandler,
  QueueMessage,
  QueueMessageBatch,
  QueueSendBatchItem,
  QueueSendOptions,
} from "../ports/job-queue";

export interface MemoryJobQueueOptions {
  queue?: string;
  /** Deliveries before a message that still fails becomes a dead letter (default 5). */
  maxAttempts?: number;
  /** Backoff for retries without an explicit delay: doubling from `baseSeconds`, capped, with jitter. */
  backoff?: { baseSeconds?: number; maxSeconds?: number };
  /** Clock in epoch milliseconds (default `Date.now`). */
  now?: () => number;
}

export interface MemoryConsumeOptions<Body> {
  batchSize?: number;
  concurrency?: number;
  /** Longest sleep between looks at the queue (default 1000 ms); sends and due delays wake the loop sooner. */
  pollIntervalMs?: number;
  /** Receives each batch of new dead letters once; its failures only reach `onError`. */
  deadLetterHandler?: QueueHandler<Body>;
  signal?: AbortSignal;
  /** Handler rejections (default: ignored, the messages are retried). */
  onError?: (error: unknown) => void;
}

export interface MemoryJobQueueConsumer {
  /** Stops taking batches and waits for those in flight. Idempotent. */
  stop(): Promise<void>;
  /** Resolves once no message is left in any state and no dead letter awaits its handler. */
  drained(): Promise<void>;
}

export interface MemoryDeadLetter<Body> {
  id: string;
  body: Body;
  attempts: number;
  error: string | null;
}

export interface MemoryJobQueue<Body> extends JobQueue<Body> {
  readonly queue: string;
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

type Decision = { kind: "ack" } | { kind: "retry"; delaySeconds: number | undefined };

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

  const settle = (claimed: Entry<Body>[], decisions: Map<string, Decision>, failure: unknown) => {
    const error = failure === undefined ? null : failure instanceof Error ? failure.message : String(failure);
    for (const entry of claimed) {
      const implicit: Decision = failure === undefined ? { kind: "ack" } : { kind: "retry", delaySeconds: undefined };
      const decision = decisions.get(entry.id) ?? implicit;
      entry.leased = false;
      if (decision.kind === "ack") {
        entries = entries.filter((e) => e !== entry);
      } else if (entry.attempts >= maxAttempts) {
        entries = entries.filter((e) => e !== entry);
        dead.push({ id: entry.id, body: entry.body, attempts: entry.attempts, error });
        pendingDead.push({ entry, error });
      } else {
        const backoff = Math.min(maxMs, baseMs * 2 ** (entry.attempts - 1)) * (0.5 + Math.random() / 2);
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
    wakers.add(wake);

    const run = (name: string, handle: QueueHandler<Body>, claimed: Entry<Body>[], onDone?: () => void) => {
      const decisions = new Map<string, Decision>();
      const batch = buildBatch(name, claimed, decisions);
      const running = (async () => {
        let failure: unknown;
        try {
          await handle(batch);
        } catch (error) {
          failure = error ?? new Error("handler rejected");
          consumeOptions.onError?.(error);
        }
        if (onDone) onDone();
        else settle(claimed, decisions, failure);
      })().finally(() => {
        inFlight.delete(running);
        wakeAll();
      });
      inFlight.add(running);
    };

    const fill = () => {
      while (!stopping && inFlight.size < concurrency) {
        if (deadLetterHandler && pendingDead.length > 0) {
          const taken = pendingDead.splice(0, batchSize).map(({ entry }) => ({ ...entry, attempts: 1 }));
          run(`${queue}-dlq`, deadLetterHandler, taken, () => {});
          continue;
        }
        const at = now();
        const claimed = entries.filter((e) => !e.leased && e.visibleAt <= at).slice(0, batchSize);
        if (claimed.length === 0) return;
        for (const entry of claimed) {
          entry.leased = true;
          entry.attempts += 1;
        }
        run(queue, handler, claimed);
      }
    };

    const isIdle = () =>
      inFlight.size === 0 && entries.length === 0 && (deadLetterHandler === undefined || pendingDead.length === 0);

    const sleep = () =>
      new Promise<void>((resolve) => {
        if (woken) return resolve();
        const at = now();
        const due = entries.reduce(
          (soonest, e) => (e.leased ? soonest : Math.min(soonest, e.visibleAt - at)),
          pollIntervalMs,
        );
        const timer = setTimeout(done, Math.max(1, due));
        function done() {
          clearTimeout(timer);
          interrupt = undefined;
          resolve();
        }
        interrupt = done;
      });

    // Started on a microtask, so a handler never runs inside the `consume()` call itself.
    const looping = Promise.resolve().then(async () => {
      while (!stopping) {
        woken = false;
        fill();
        if (isIdle()) {
          for (const w of waiters) w.resolve();
          waiters = [];
        }
        await sleep();
      }
    });

    const stop = () => {
      stopped ??= (async () => {
        stopping = true;
        wake();
        await looping;
        await Promise.all(inFlight);
        wakers.delete(wake);
        consumeOptions.signal?.removeEventListener("abort", onAbort);
        for (const w of waiters) {
          if (isIdle()) w.resolve();
          else w.reject(new Error("the queue consumer stopped before the queue was drained"));
        }
        waiters = [];
      })();
      return stopped;
    };
    const onAbort = () => void stop();
    if (consumeOptions.signal?.aborted) onAbort();
    else consumeOptions.signal?.addEventListener("abort", onAbort, { once: true });

    return {
      stop,
      drained: () => {
        if (stopping) return Promise.reject(new Error("the queue consumer is stopped"));
        return new Promise<void>((resolve, reject) => {
          waiters.push({ resolve, reject });
          wake();
        });
      },
    };
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

/** A Queues-shaped batch; the first decision about a message wins. */
function buildBatch<Body>(queue: string, entries: Entry<Body>[], decisions: Map<string, Decision>) {
  const decide = (id: string, decision: Decision) => {
    if (!decisions.has(id)) decisions.set(id, decision);
  };
  const messages = entries.map(
    (entry): QueueMessage<Body> => ({
      id: entry.id,
      timestamp: entry.timestamp,
      body: structuredClone(entry.body),
      attempts: entry.attempts,
      ack: () => decide(entry.id, { kind: "ack" }),
      retry: (options) => decide(entry.id, { kind: "retry", delaySeconds: options?.delaySeconds }),
    }),
  );
  const batch: QueueMessageBatch<Body> = {
    queue,
    messages,
    ackAll: () => {
      for (const m of messages) m.ack();
    },
    retryAll: (options) => {
      for (const m of messages) m.retry(options);
    },
  };
  return batch;
}
