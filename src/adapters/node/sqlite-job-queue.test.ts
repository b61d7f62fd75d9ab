import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "../../core/errors";
import type { QueueMessage } from "../../core/ports/job-queue";
import { describeJobQueueContract } from "../../core/testing/job-queue.contract";
import { type NodeSqlDatabase, openSqliteDatabase } from "./sqlite-database";
import { createSqliteJobQueue, type SqliteJobQueueOptions } from "./sqlite-job-queue";

const dirs: string[] = [];
const dbs: NodeSqlDatabase[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "job-queue-"));
  dirs.push(dir);
  return dir;
}

function openDb(file = path.join(tempDir(), "queue.sqlite")): NodeSqlDatabase {
  const db = openSqliteDatabase({ path: file });
  dbs.push(db);
  return db;
}

afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describeJobQueueContract("sqlite", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "job-queue-contract-"));
  const db = openSqliteDatabase({ path: path.join(dir, "queue.sqlite") });
  const queue = createSqliteJobQueue({ db, queue: "contract", backoff: { baseSeconds: 0.01, maxSeconds: 0.05 } });
  return {
    queue,
    consume: (handler) => queue.consume(handler, { pollIntervalMs: 20, onError: () => {} }),
    cleanup: async () => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

/** A clock the test moves by hand; the consumer loops still poll on real timers. */
function manualClock(start = 1_700_000_000_000) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(5);
  }
}

function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

type Seen = { body: unknown; attempts: number; id: string };
const record = (seen: Seen[], m: QueueMessage<unknown>) => seen.push({ body: m.body, attempts: m.attempts, id: m.id });
const recordInto =
  (seen: Seen[]) =>
  async (batch: { messages: readonly QueueMessage<unknown>[] }): Promise<void> => {
    for (const m of batch.messages) record(seen, m);
  };

function makeQueue(db: NodeSqlDatabase, options: Partial<SqliteJobQueueOptions> = {}) {
  return createSqliteJobQueue<unknown>({ db, queue: "jobs", ...options });
}

describe("createSqliteJobQueue", () => {
  it("round-trips JSON bodies and refuses bodies that are not JSON", async () => {
    const queue = makeQueue(openDb());
    const bodies = ["text", 42, null, [1, "two", { three: 3 }], { nested: { deep: ["é", true] } }];
    await queue.sendBatch(bodies.map((body) => ({ body })));
    await expect(queue.send(undefined)).rejects.toMatchObject({ code: "bad_request" });
    await expect(queue.send({ big: 1n })).rejects.toBeInstanceOf(AppError);
    await expect(queue.sendBatch([{ body: 1 }, { body: () => 1 }])).rejects.toMatchObject({ code: "bad_request" });
    await expect(queue.send(1, { delaySeconds: -1 })).rejects.toMatchObject({ code: "bad_request" });
    expect(await queue.stats()).toEqual({ ready: bodies.length, delayed: 0, inFlight: 0, dead: 0 });
    const seen: Seen[] = [];
    const consumer = queue.consume(recordInto(seen));
    await consumer.drained();
    await consumer.stop();
    expect(seen.map((s) => s.body)).toEqual(bodies);
  });

  it("delivers a message again once its lease expires, and ignores the outcome of the consumer that lost it", async () => {
    const db = openDb();
    const clock = manualClock();
    const first = makeQueue(db, { now: clock.now, visibilityTimeoutSeconds: 30 });
    const second = makeQueue(db, { now: clock.now, visibilityTimeoutSeconds: 30 });
    const [firstGate, secondGate] = [gate(), gate()];
    const seen: Seen[] = [];
    const a = first.consume(
      async (batch) => {
        for (const m of batch.messages) record(seen, m);
        await firstGate.opened;
        throw new Error("too late anyway");
      },
      { pollIntervalMs: 10, onError: () => {} },
    );
    await first.send({ job: 1 });
    await waitFor(() => seen.length === 1);
    expect(await first.stats()).toMatchObject({ inFlight: 1, ready: 0 });

    clock.advance(30_001);
    const b = second.consume(
      async (batch) => {
        for (const m of batch.messages) record(seen, m);
        await secondGate.opened;
      },
      { pollIntervalMs: 10 },
    );
    await waitFor(() => seen.length === 2);
    expect(seen.map((s) => s.attempts)).toEqual([1, 2]);
    expect(seen[1]?.id).toBe(seen[0]?.id);

    // The first consumer fails after losing its lease: its retry must not release the second one's lease.
    firstGate.open();
    await a.stop();
    expect(await first.stats()).toMatchObject({ inFlight: 1, ready: 0, delayed: 0 });
    secondGate.open();
    await b.drained();
    await b.stop();
    expect(await first.stats()).toEqual({ ready: 0, delayed: 0, inFlight: 0, dead: 0 });
  });

  it("dead-letters a message whose lease ran out on its last attempt instead of delivering it again", async () => {
    const db = openDb();
    const clock = manualClock();
    const handlerGate = gate();
    const seen: Seen[] = [];
    // Each consumer stands for a process that dies while handling the message: its lease simply runs out.
    const startStuckConsumer = () =>
      makeQueue(db, { now: clock.now, maxAttempts: 2 }).consume(
        async (batch) => {
          for (const m of batch.messages) record(seen, m);
          await handlerGate.opened;
        },
        { pollIntervalMs: 10 },
      );
    const stuck = [startStuckConsumer()];
    const queue = makeQueue(db, { now: clock.now, maxAttempts: 2 });
    await queue.send("crashes its consumer");
    await waitFor(() => seen.length === 1);
    clock.advance(30_001);
    stuck.push(startStuckConsumer());
    await waitFor(() => seen.length === 2);
    clock.advance(30_001);
    const last = queue.consume(recordInto(seen), { pollIntervalMs: 10 });
    await last.drained();
    await last.stop();
    expect(seen.map((s) => s.attempts)).toEqual([1, 2]);
    expect(await queue.listDeadLetters()).toMatchObject([
      { body: "crashes its consumer", attempts: 2, error: "lease expired" },
    ]);
    handlerGate.open();
    await Promise.all(stuck.map((c) => c.stop()));
    expect(await queue.stats()).toEqual({ ready: 0, delayed: 0, inFlight: 0, dead: 1 });
  });

  it("renews the lease while a long handler runs, so no other consumer gets the message", async () => {
    const db = openDb();
    const queue = makeQueue(db, { visibilityTimeoutSeconds: 1 });
    const seen: Seen[] = [];
    const handler = async (batch: { messages: readonly QueueMessage<unknown>[] }) => {
      for (const m of batch.messages) record(seen, m);
      // Twice the lease: only renewals keep the other consumer away.
      await sleep(2200);
    };
    const consumers = [queue.consume(handler, { pollIntervalMs: 10 }), queue.consume(handler, { pollIntervalMs: 10 })];
    await queue.send("long");
    await consumers[0]?.drained();
    await Promise.all(consumers.map((c) => c.stop()));
    expect(seen).toHaveLength(1);
  });

  it("retries without a delay back off exponentially, counting attempts", async () => {
    const clock = manualClock();
    const queue = makeQueue(openDb(), { now: clock.now, backoff: { baseSeconds: 1, maxSeconds: 300 } });
    const seen: Seen[] = [];
    const consumer = queue.consume(
      async (batch) => {
        for (const m of batch.messages) record(seen, m);
        throw new Error("still failing");
      },
      { pollIntervalMs: 5, onError: () => {} },
    );
    await queue.send("flaky");
    for (const [attempt, fullDelayMs] of [
      [1, 1000],
      [2, 2000],
      [3, 4000],
    ] as const) {
      await waitFor(async () => seen.length === attempt && (await queue.stats()).delayed === 1);
      // Jitter keeps at least half of the exponential delay and never more than all of it.
      clock.advance(fullDelayMs / 2 - 1);
      expect(await queue.stats()).toMatchObject({ delayed: 1, ready: 0 });
      clock.advance(fullDelayMs / 2 + 1);
      await waitFor(() => seen.length === attempt + 1);
    }
    await consumer.stop();
    expect(seen.map((s) => s.attempts)).toEqual([1, 2, 3, 4]);
  });

  it("honours delaySeconds on send and on retry", async () => {
    const clock = manualClock();
    const queue = makeQueue(openDb(), { now: clock.now });
    const seen: Seen[] = [];
    const consumer = queue.consume(
      async (batch) => {
        for (const m of batch.messages) {
          record(seen, m);
          if (m.attempts === 1) m.retry({ delaySeconds: 60 });
        }
      },
      { pollIntervalMs: 5 },
    );
    await queue.send("later", { delaySeconds: 10 });
    expect(await queue.stats()).toMatchObject({ delayed: 1, ready: 0 });
    clock.advance(10_000);
    await waitFor(async () => seen.length === 1 && (await queue.stats()).delayed === 1);
    clock.advance(59_999);
    expect(await queue.stats()).toMatchObject({ delayed: 1, ready: 0 });
    clock.advance(1);
    await consumer.drained();
    await consumer.stop();
    expect(seen.map((s) => s.attempts)).toEqual([1, 2]);
  });

  it("dead-letters a message after maxAttempts, delivers it to the dead-letter handler, and requeues it", async () => {
    const queue = makeQueue(openDb(), { maxAttempts: 3, backoff: { baseSeconds: 0.005, maxSeconds: 0.01 } });
    let healthy = false;
    const seen: Seen[] = [];
    const dead: { queue: string; seen: Seen }[] = [];
    const consumer = queue.consume(
      async (batch) => {
        for (const m of batch.messages) record(seen, m);
        if (!healthy) throw new Error("upstream unavailable");
      },
      {
        pollIntervalMs: 10,
        onError: () => {},
        deadLetterHandler: async (batch) => {
          for (const m of batch.messages)
            dead.push({ queue: batch.queue, seen: { body: m.body, attempts: m.attempts, id: m.id } });
        },
      },
    );
    await queue.send({ doc: "hr-1" });
    await consumer.drained();
    expect(seen.map((s) => s.attempts)).toEqual([1, 2, 3]);
    expect(dead).toEqual([{ queue: "jobs-dlq", seen: { body: { doc: "hr-1" }, attempts: 1, id: seen[0]?.id } }]);
    const [letter] = await queue.listDeadLetters();
    expect(letter).toMatchObject({
      id: seen[0]?.id,
      body: { doc: "hr-1" },
      attempts: 3,
      error: "upstream unavailable",
    });
    expect(letter?.deliveredAt).toBeInstanceOf(Date);
    expect(await queue.stats()).toEqual({ ready: 0, delayed: 0, inFlight: 0, dead: 1 });

    healthy = true;
    expect(await queue.requeueDeadLetter("no-such-id")).toBe(false);
    expect(await queue.requeueDeadLetter(letter?.id ?? "")).toBe(true);
    await consumer.drained();
    await consumer.stop();
    expect(seen.map((s) => s.attempts)).toEqual([1, 2, 3, 1]);
    expect(await queue.stats()).toEqual({ ready: 0, delayed: 0, inFlight: 0, dead: 0 });
  });

  it("delivers dead letters at least once, even to a consumer started later", async () => {
    const db = openDb();
    const queue = makeQueue(db, { maxAttempts: 1, backoff: { baseSeconds: 0.005, maxSeconds: 0.01 } });
    const failing = queue.consume(
      async () => {
        throw new Error("bad document");
      },
      { pollIntervalMs: 10, onError: () => {} },
    );
    await queue.sendBatch([{ body: "a" }, { body: "b" }]);
    await failing.drained();
    await failing.stop();
    expect((await queue.listDeadLetters()).map((d) => [d.body, d.deliveredAt])).toEqual([
      ["a", null],
      ["b", null],
    ]);

    const deliveries: Seen[] = [];
    const later = makeQueue(db, { maxAttempts: 3, backoff: { baseSeconds: 0.005, maxSeconds: 0.01 } });
    const consumer = later.consume(async () => {}, {
      pollIntervalMs: 10,
      onError: () => {},
      deadLetterHandler: async (batch) => {
        for (const m of batch.messages) record(deliveries, m);
        if (deliveries.length <= 2) throw new Error("alerting is down");
      },
    });
    await consumer.drained();
    await consumer.stop();
    expect(deliveries.map((d) => [d.body, d.attempts]).sort()).toEqual([
      ["a", 1],
      ["a", 2],
      ["b", 1],
      ["b", 2],
    ]);
    expect((await later.listDeadLetters()).every((d) => d.deliveredAt instanceof Date)).toBe(true);
    const [first] = await later.listDeadLetters({ limit: 1 });
    expect(await later.deleteDeadLetter(first?.id ?? "")).toBe(true);
    expect(await later.deleteDeadLetter(first?.id ?? "")).toBe(false);
    expect(await later.requeueDeadLetters()).toBe(1);
    expect(await later.stats()).toEqual({ ready: 1, delayed: 0, inFlight: 0, dead: 0 });
  });

  it("stop() lets the batches in flight finish and settle, then claims nothing more", async () => {
    const queue = makeQueue(openDb());
    const handlerGate = gate();
    const seen: Seen[] = [];
    const consumer = queue.consume(
      async (batch) => {
        for (const m of batch.messages) record(seen, m);
        await handlerGate.opened;
      },
      { pollIntervalMs: 10 },
    );
    await queue.send("in flight");
    await waitFor(() => seen.length === 1);
    let stopped = false;
    const stopping = consumer.stop().then(() => {
      stopped = true;
    });
    await sleep(30);
    expect(stopped).toBe(false);
    handlerGate.open();
    await stopping;
    expect(await queue.stats()).toEqual({ ready: 0, delayed: 0, inFlight: 0, dead: 0 });
    await queue.send("after stop");
    expect(await queue.stats()).toMatchObject({ ready: 1 });
    await expect(consumer.drained()).rejects.toMatchObject({ code: "unavailable" });
  });

  it("stops on an aborted signal and rejects drained() if the queue is still busy", async () => {
    const queue = makeQueue(openDb());
    const controller = new AbortController();
    const consumer = queue.consume(async () => {}, { signal: controller.signal });
    await queue.send("in an hour", { delaySeconds: 3600 });
    const waiting = consumer.drained();
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: "unavailable" });
    await consumer.stop();
    expect(await queue.stats()).toMatchObject({ delayed: 1 });
  });

  it("runs up to `concurrency` batches at once", async () => {
    const queue = makeQueue(openDb());
    const handlerGate = gate();
    let running = 0;
    const consumer = queue.consume(
      async () => {
        running += 1;
        await handlerGate.opened;
      },
      { batchSize: 1, concurrency: 3, pollIntervalMs: 10 },
    );
    await queue.sendBatch([1, 2, 3, 4].map((body) => ({ body })));
    await waitFor(() => running === 3);
    expect(await queue.stats()).toMatchObject({ inFlight: 3, ready: 1 });
    handlerGate.open();
    await consumer.drained();
    await consumer.stop();
    expect(running).toBe(4);
  });

  it("keeps named queues apart in one database", async () => {
    const db = openDb();
    const [bills, votes] = [makeQueue(db, { queue: "bills" }), makeQueue(db, { queue: "votes" })];
    await bills.send("hr-1");
    await votes.sendBatch([{ body: "roll-1" }, { body: "roll-2" }]);
    expect((await bills.stats()).ready).toBe(1);
    expect((await votes.stats()).ready).toBe(2);
    const seen: Seen[] = [];
    const consumer = bills.consume(recordInto(seen));
    await consumer.drained();
    await consumer.stop();
    expect(seen.map((s) => s.body)).toEqual(["hr-1"]);
    expect((await votes.stats()).ready).toBe(2);
  });

  it("wakes at once on a local send and polls for sends from other connections", async () => {
    const file = path.join(tempDir(), "shared.sqlite");
    const queue = makeQueue(openDb(file));
    const other = makeQueue(openDb(file));
    const seen: Seen[] = [];
    const local = queue.consume(recordInto(seen), {
      pollIntervalMs: 60_000,
    });
    await queue.send("local");
    await waitFor(() => seen.length === 1);
    await local.stop();
    const polling = queue.consume(recordInto(seen), {
      pollIntervalMs: 20,
    });
    await other.send("from elsewhere");
    await waitFor(() => seen.length === 2);
    await polling.stop();
    expect(seen.map((s) => s.body)).toEqual(["local", "from elsewhere"]);
  });
});
