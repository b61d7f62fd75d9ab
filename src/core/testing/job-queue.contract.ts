import { describe, expect, it } from "vitest";
import type { JobQueue, QueueHandler, QueueMessage, QueueMessageBatch } from "../ports/job-queue";

export interface JobQueueContractConsumer {
  stop(): Promise<void>;
  /**
   * Resolves once every message sent so far has been acked or dead-lettered. Runtimes that cannot tell (Cloudflare
   * Queues) omit it, and the suite waits `quietMs` instead before checking that nothing more was delivered.
   */
  drained?(): Promise<void>;
}

export interface JobQueueHarness {
  queue: JobQueue<unknown>;
  /** Starts delivering the queue's batches to `handler`. Several consumers may be started in one test. */
  consume(handler: QueueHandler<unknown>): JobQueueContractConsumer;
  /** How long to wait for redeliveries when the consumer has no `drained()` (default 2000 ms). */
  quietMs?: number;
  cleanup?(): Promise<void>;
}

interface Delivery {
  id: string;
  body: TaggedBody;
  attempts: number;
  timestamp: Date;
  receivedAt: number;
}

interface TaggedBody {
  tag: string;
  name: string;
  [key: string]: unknown;
}

type Policy = (message: QueueMessage<unknown>, batch: QueueMessageBatch<unknown>) => void;

/**
 * What every JobQueue guarantees through the port (the Cloudflare Queues semantics): at-least-once delivery of
 * JSON bodies, ids, attempt counts, explicit and implicit ack/retry, and send delays. Dead letters, leases and
 * statistics are configured per runtime and tested beside each implementation.
 *
 * A runtime plugs in with a factory returning a fresh harness: the producer, a way to start a consumer, and
 * cleanup. Implicit retries (after a handler rejects) must be configured to come back within a few seconds
 * (a small backoff base). Inside workerd, `queue` is the producer binding and `consume` stores the handler where
 * the worker's `queue(batch)` export calls it; `drained` is left out, so the suite waits `quietMs`. Every body
 * carries a tag unique to its test and messages with another tag are acked untouched, so one shared queue is fine.
 */
export function describeJobQueueContract(name: string, factory: () => Promise<JobQueueHarness>): void {
  describe(`JobQueue contract: ${name}`, () => {
    /** Runs `test` with a consumer applying `policy` to this test's messages and recording each delivery. */
    const withConsumer = async (
      policy: Policy | undefined,
      test: (ctx: {
        queue: JobQueue<unknown>;
        tag: string;
        deliveries: Delivery[];
        quiet(): Promise<void>;
      }) => Promise<void>,
      options: { rejectWhen?: (batch: QueueMessageBatch<unknown>, ours: QueueMessage<unknown>[]) => boolean } = {},
    ) => {
      const harness = await factory();
      const tag = crypto.randomUUID();
      const deliveries: Delivery[] = [];
      const consumer = harness.consume(async (batch) => {
        const ours = batch.messages.filter((m) => (m.body as Partial<TaggedBody> | null)?.tag === tag);
        for (const m of batch.messages) if (!ours.includes(m)) m.ack();
        for (const m of ours) {
          const body = m.body as TaggedBody;
          deliveries.push({ id: m.id, body, attempts: m.attempts, timestamp: m.timestamp, receivedAt: Date.now() });
          policy?.(m, batch);
        }
        if (options.rejectWhen?.(batch, ours)) throw new Error("handler failed on purpose");
      });
      const quiet = () => consumer.drained?.() ?? sleep(harness.quietMs ?? 2000);
      try {
        await test({ queue: harness.queue, tag, deliveries, quiet });
      } finally {
        await consumer.stop();
        await harness.cleanup?.();
      }
    };

    it("delivers a sent message once, with its JSON body, an id, a timestamp and attempts = 1", async () => {
      await withConsumer(undefined, async ({ queue, tag, deliveries, quiet }) => {
        const before = Date.now();
        const body = {
          tag,
          name: "one",
          text: "Título 42 — § 1983 “quoted” ✓",
          numbers: [0, -1, 1.5, 1e21],
          nested: { empty: {}, list: [null, true, "two"] },
        };
        await queue.send(body);
        await waitFor(() => deliveries.length >= 1);
        await quiet();
        expect(deliveries).toHaveLength(1);
        const [delivery] = deliveries;
        expect(delivery?.body).toEqual(body);
        expect(delivery?.attempts).toBe(1);
        expect(typeof delivery?.id).toBe("string");
        expect(delivery?.id.length).toBeGreaterThan(0);
        expect(delivery?.timestamp).toBeInstanceOf(Date);
        expect(Math.abs((delivery?.timestamp.getTime() ?? 0) - before)).toBeLessThan(60_000);
      });
    });

    it("sendBatch delivers every message once, each with its own id", async () => {
      await withConsumer(undefined, async ({ queue, tag, deliveries, quiet }) => {
        const names = Array.from({ length: 25 }, (_, i) => `m${i}`);
        await queue.sendBatch(names.map((n) => ({ body: { tag, name: n } })));
        await waitFor(() => deliveries.length >= names.length);
        await quiet();
        expect(deliveries.map((d) => d.body.name).sort()).toEqual([...names].sort());
        expect(new Set(deliveries.map((d) => d.id)).size).toBe(names.length);
        expect(deliveries.every((d) => d.attempts === 1)).toBe(true);
      });
    });

    it("retry() delivers the message again with one more attempt, until it is acked", async () => {
      const policy: Policy = (m) => (m.attempts < 3 ? m.retry({ delaySeconds: 0 }) : m.ack());
      await withConsumer(policy, async ({ queue, tag, deliveries, quiet }) => {
        await queue.send({ tag, name: "again", payload: [1, 2, 3] });
        await waitFor(() => deliveries.length >= 3);
        await quiet();
        expect(deliveries.map((d) => d.attempts)).toEqual([1, 2, 3]);
        expect(new Set(deliveries.map((d) => d.id)).size).toBe(1);
        expect(deliveries.every((d) => JSON.stringify(d.body.payload) === "[1,2,3]")).toBe(true);
      });
    });

    it("a rejecting handler gets its unsettled messages again, but not those it acked", async () => {
      const policy: Policy = (m) => {
        if ((m.body as TaggedBody).name === "acked") m.ack();
      };
      const rejectWhen = (_: QueueMessageBatch<unknown>, ours: QueueMessage<unknown>[]) =>
        ours.some((m) => (m.body as TaggedBody).name === "failing" && m.attempts === 1);
      await withConsumer(
        policy,
        async ({ queue, tag, deliveries, quiet }) => {
          await queue.sendBatch([{ body: { tag, name: "acked" } }, { body: { tag, name: "failing" } }]);
          await waitFor(() => deliveries.filter((d) => d.body.name === "failing").length >= 2);
          await quiet();
          const attempts = (n: string) => deliveries.filter((d) => d.body.name === n).map((d) => d.attempts);
          expect(attempts("acked")).toEqual([1]);
          expect(attempts("failing")).toEqual([1, 2]);
        },
        { rejectWhen },
      );
    });

    it("retryAll() and ackAll() settle the whole batch", async () => {
      const policy: Policy = (m, batch) => {
        if (m.attempts === 1) batch.retryAll({ delaySeconds: 0 });
        else batch.ackAll();
      };
      await withConsumer(policy, async ({ queue, tag, deliveries, quiet }) => {
        await queue.sendBatch([0, 1, 2].map((i) => ({ body: { tag, name: `m${i}` } })));
        await waitFor(() => deliveries.length >= 6);
        await quiet();
        for (const n of ["m0", "m1", "m2"]) {
          expect(deliveries.filter((d) => d.body.name === n).map((d) => d.attempts)).toEqual([1, 2]);
        }
      });
    });

    it("delaySeconds holds a message back, from send and per item of sendBatch", async () => {
      await withConsumer(undefined, async ({ queue, tag, deliveries, quiet }) => {
        const sentAt = Date.now();
        await queue.send({ tag, name: "send-delayed" }, { delaySeconds: 1 });
        await queue.sendBatch([
          { body: { tag, name: "batch-delayed" }, delaySeconds: 1 },
          { body: { tag, name: "batch-now" } },
        ]);
        await waitFor(() => deliveries.length >= 3);
        await quiet();
        expect(deliveries.map((d) => d.body.name).sort()).toEqual(["batch-delayed", "batch-now", "send-delayed"]);
        for (const d of deliveries.filter((x) => x.body.name !== "batch-now")) {
          // A lower bound only, with slack for coarse clocks: a delay can end late, never early.
          expect(d.receivedAt - sentAt).toBeGreaterThanOrEqual(900);
        }
      });
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for deliveries");
    await sleep(10);
  }
}
