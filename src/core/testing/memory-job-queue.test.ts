import { describe, expect, it } from "vitest";
import type { QueueMessage } from "../ports/job-queue";
import { describeJobQueueContract } from "./job-queue.contract";
import { createMemoryJobQueue } from "./memory-job-queue";

describeJobQueueContract("memory", async () => {
  const queue = createMemoryJobQueue({ backoff: { baseSeconds: 0.01, maxSeconds: 0.05 } });
  return { queue, consume: (handler) => queue.consume(handler, { pollIntervalMs: 20 }) };
});

type Seen = { body: unknown; attempts: number };
const recordInto =
  (seen: Seen[]) =>
  async (batch: { messages: readonly QueueMessage<unknown>[] }): Promise<void> => {
    for (const m of batch.messages) seen.push({ body: m.body, attempts: m.attempts });
  };

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("createMemoryJobQueue", () => {
  it("copies bodies, so a sender's later changes never reach the consumer", async () => {
    const queue = createMemoryJobQueue<{ list: number[] }>();
    const body = { list: [1] };
    await queue.send(body);
    body.list.push(2);
    const seen: Seen[] = [];
    const consumer = queue.consume(recordInto(seen));
    await consumer.drained();
    await consumer.stop();
    expect(seen).toEqual([{ body: { list: [1] }, attempts: 1 }]);
  });

  it("backs off retries on its clock and dead-letters after maxAttempts", async () => {
    let now = 0;
    const queue = createMemoryJobQueue<string>({ maxAttempts: 3, now: () => now });
    const seen: Seen[] = [];
    const dead: string[] = [];
    const consumer = queue.consume(
      async (batch) => {
        for (const m of batch.messages) seen.push({ body: m.body, attempts: m.attempts });
        throw new Error("parse failed");
      },
      {
        pollIntervalMs: 5,
        deadLetterHandler: async (batch) => {
          for (const m of batch.messages) dead.push(m.body);
        },
      },
    );
    await queue.send("bad.pdf");
    await waitFor(() => seen.length === 1 && queue.stats().delayed === 1);
    now += 499;
    expect(queue.stats()).toMatchObject({ delayed: 1, ready: 0 });
    now += 501;
    await waitFor(() => seen.length === 2 && queue.stats().delayed === 1);
    now += 2000;
    await consumer.drained();
    await consumer.stop();
    expect(seen.map((s) => s.attempts)).toEqual([1, 2, 3]);
    expect(dead).toEqual(["bad.pdf"]);
    expect(queue.deadLetters()).toEqual([
      { id: expect.any(String), body: "bad.pdf", attempts: 3, error: "parse failed" },
    ]);
    expect(queue.stats()).toEqual({ ready: 0, delayed: 0, inFlight: 0, dead: 1 });
  });

  it("runs up to `concurrency` batches and stop() waits for them", async () => {
    const queue = createMemoryJobQueue<number>();
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let running = 0;
    const consumer = queue.consume(
      async () => {
        running += 1;
        await released;
      },
      { batchSize: 1, concurrency: 2 },
    );
    await queue.sendBatch([{ body: 1 }, { body: 2 }, { body: 3 }]);
    await waitFor(() => running === 2);
    expect(queue.stats()).toMatchObject({ inFlight: 2, ready: 1 });
    const stopping = consumer.stop();
    release();
    await stopping;
    expect(queue.stats()).toEqual({ ready: 1, delayed: 0, inFlight: 0, dead: 0 });
  });
});
