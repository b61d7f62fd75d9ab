import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../core/errors";
import type { Embedder } from "../../core/ports/embedder";
import { createInProcessUseLiteEmbedder, createUseLiteEmbedder } from "./use-lite-embedder";

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] ?? 0) * (b[i] ?? 0);
  return dot;
}

function norm(v: Float32Array): number {
  return Math.sqrt(cosine(v, v));
}

const TOPICS = ["appropriations", "veterans", "tariffs", "broadband", "wildfires", "pensions", "vaccines", "bridges"];
const passages = Array.from(
  { length: 120 },
  (_, i) =>
    `Section ${i + 1}. The committee on ${TOPICS[i % TOPICS.length]} reported ${"an amended ".repeat(i % 5)}bill number ${i * 7 + 3}.`,
);

describe("createUseLiteEmbedder (real model)", () => {
  let reference: Embedder;
  beforeAll(async () => {
    reference = await createInProcessUseLiteEmbedder();
  });

  it("embeds related sentences closer than unrelated ones, as unit vectors of 512 dimensions", async () => {
    const embedder = createUseLiteEmbedder({ threads: 2 });
    try {
      expect(embedder.model).toBe("universal-sentence-encoder-lite");
      expect(embedder.dimensions).toBe(512);
      const [bill, spending, cat] = await embedder.embed([
        "The Senate passed the appropriations bill for the Department of Defense.",
        "Congress approved military spending legislation.",
        "My cat likes to sleep in the afternoon sun.",
      ]);
      if (!bill || !spending || !cat) throw new Error("missing vectors");
      for (const v of [bill, spending, cat]) {
        expect(v).toBeInstanceOf(Float32Array);
        expect(v.length).toBe(512);
        expect(v.buffer.byteLength).toBe(512 * 4);
        expect(norm(v)).toBeCloseTo(1, 5);
      }
      expect(cosine(bill, spending)).toBeGreaterThan(cosine(bill, cat) + 0.2);
    } finally {
      await embedder.close();
    }
  });

  it("keeps input order across threads for 120 texts, matching the in-process model", async () => {
    const embedder = createUseLiteEmbedder({ threads: 2, batchSize: 3, batchChars: 10_000 });
    try {
      const [pooled, direct] = await Promise.all([embedder.embed(passages), reference.embed(passages)]);
      expect(pooled).toHaveLength(passages.length);
      pooled.forEach((v, i) => {
        const expected = direct[i];
        if (!expected) throw new Error(`missing reference ${i}`);
        expect(cosine(v, expected)).toBeGreaterThan(0.9999);
      });
    } finally {
      await embedder.close();
    }
  });

  it("serves concurrent callers, each getting its own texts back", async () => {
    const embedder = createUseLiteEmbedder({ threads: 2 });
    try {
      await embedder.warmup();
      await embedder.warmup();
      const calls = [passages.slice(0, 17), passages.slice(40, 41), [], passages.slice(60, 69), ["", "   "]];
      const [results, expected] = await Promise.all([
        Promise.all(calls.map((texts) => embedder.embed(texts))),
        Promise.all(calls.map((texts) => reference.embed(texts))),
      ]);
      results.forEach((vectors, c) => {
        expect(vectors).toHaveLength(calls[c]?.length ?? -1);
        vectors.forEach((v, i) => {
          const want = expected[c]?.[i];
          if (!want) throw new Error("missing reference");
          expect(norm(v)).toBeCloseTo(1, 5);
          expect(cosine(v, want)).toBeGreaterThan(0.9999);
        });
      });
    } finally {
      await embedder.close();
    }
  });

  it("rejects pending and later calls once closed", async () => {
    const embedder = createUseLiteEmbedder({ threads: 1 });
    const pending = embedder.embed(passages.slice(0, 30));
    const outcome = pending.then(
      () => "resolved",
      (error: unknown) => error,
    );
    await embedder.close();
    const error = await outcome;
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("unavailable");
    await expect(embedder.embed(["after close"])).rejects.toMatchObject({ code: "unavailable" });
    await embedder.close();
  });
});

// A stand-in worker speaking the same protocol, to make threads fail on demand.
const FAKE_WORKER = `
import { parentPort, workerData } from "node:worker_threads";
if (workerData.failInit) parentPort.postMessage({ type: "init-error", message: "weights missing" });
else parentPort.postMessage({ type: "ready" });
parentPort.on("message", (message) => {
  if (message.type === "close") process.exit(0);
  else if (message.texts.includes("throw")) setImmediate(() => { throw new Error("boom in worker"); });
  else if (message.texts.includes("exit")) process.exit(7);
  else if (message.texts.includes("refuse")) parentPort.postMessage({ type: "error", id: message.id, message: "bad input" });
  else {
    // The text's length marks one dimension and the batch's size the last, so tests can tell how texts were batched.
    const vectors = message.texts.map((t) => {
      const v = new Float32Array(512);
      v[t.length % 511] = 1;
      v[511] = message.texts.length;
      return v;
    });
    parentPort.postMessage({ type: "result", id: message.id, vectors }, vectors.map((v) => v.buffer));
  }
});
`;

describe("createUseLiteEmbedder (thread failures)", () => {
  let dir: string;
  let workerUrl: URL;
  let failingUrl: URL;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "use-lite-pool-"));
    fs.writeFileSync(path.join(dir, "fake-worker.mjs"), FAKE_WORKER);
    fs.writeFileSync(
      path.join(dir, "failing-worker.mjs"),
      FAKE_WORKER.replace("workerData.failInit", "workerData.role"),
    );
    workerUrl = pathToFileURL(path.join(dir, "fake-worker.mjs"));
    failingUrl = pathToFileURL(path.join(dir, "failing-worker.mjs"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("rejects the call a crashed thread was serving, replaces the thread and goes on", async () => {
    const embedder = createUseLiteEmbedder({ threads: 2, workerUrl });
    try {
      const healthy = embedder.embed(["a", "bb", "ccc", "dddd", "eeeee", "ffffff"]);
      await expect(embedder.embed(["throw"])).rejects.toThrow(/stopped unexpectedly \(boom in worker\)/);
      await expect(embedder.embed(["exit"])).rejects.toThrow(/stopped unexpectedly \(exit code 7\)/);
      await expect(embedder.embed(["refuse"])).rejects.toMatchObject({ code: "unavailable" });
      const vectors = await healthy;
      expect(vectors.map((v) => v.indexOf(1))).toEqual([1, 2, 3, 4, 5, 6]);
      const after = await embedder.embed(["xy", "z"]);
      expect(after.map((v) => v.indexOf(1))).toEqual([2, 1]);
    } finally {
      await embedder.close();
    }
  });

  it("embeds concurrent short calls together, within the batch limits", async () => {
    const embedder = createUseLiteEmbedder({ threads: 1, workerUrl });
    try {
      await embedder.warmup();
      const texts = ["a", "bb", "ccc", "dddd", "eeeee", "ffffff", "ggggggg", "hhhhhhhh", "i".repeat(300), "jj"];
      const vectors = (await Promise.all(texts.map((text) => embedder.embed([text])))).map(([v]) => v);
      // The first call finds the thread idle. The long text would pad short ones to 300 characters, so it is passed
      // over: the next seven short calls and the last one make a batch of eight, then the long one goes alone.
      expect(vectors.map((v) => v?.indexOf(1))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 300, 2]);
      expect(vectors.map((v) => v?.[511])).toEqual([1, 8, 8, 8, 8, 8, 8, 8, 1, 8]);
    } finally {
      await embedder.close();
    }
  });

  it("embeds a call of one sub-batch before the calls of several already waiting", async () => {
    const embedder = createUseLiteEmbedder({ threads: 1, workerUrl });
    try {
      await embedder.warmup();
      const done: string[] = [];
      const track = (name: string, texts: string[]) => embedder.embed(texts).then(() => done.push(name));
      // Five texts of 100 characters fill a sub-batch (512 padded characters): each document is two.
      const passages = (n: number) => Array.from({ length: 10 }, (_, i) => `${n}${i}`.padEnd(100, "x"));
      const documents = [1, 2, 3].map((n) => track(`document ${n}`, passages(n)));
      const queries = [track("query 1", ["first query"]), track("query 2", ["second query"])];
      await Promise.all([...documents, ...queries]);
      // The thread took the first document's first sub-batch at once; both queries came next, together, where they
      // had waited for a sub-batch of each document (and the first document's end).
      expect(done).toEqual(["query 1", "query 2", "document 1", "document 2", "document 3"]);
    } finally {
      await embedder.close();
    }
  });

  it("retries calls one by one when a joint batch fails, so only the bad text's call fails", async () => {
    const embedder = createUseLiteEmbedder({ threads: 1, workerUrl });
    try {
      await embedder.warmup();
      const outcomes = await Promise.allSettled(
        ["a", "bb", "refuse", "ccc", "exit", "dddd"].map((t) => embedder.embed([t])),
      );
      expect(outcomes.map((o) => o.status)).toEqual([
        "fulfilled",
        "fulfilled",
        "rejected",
        "fulfilled",
        "rejected",
        "fulfilled",
      ]);
      expect(outcomes.map((o) => (o.status === "fulfilled" ? o.value[0]?.indexOf(1) : -1))).toEqual([
        1, 2, -1, 3, -1, 4,
      ]);
      const [refused, exited] = [outcomes[2], outcomes[4]].map((o) =>
        o?.status === "rejected" ? String(o.reason) : "",
      );
      expect(refused).toMatch(/embedding failed: bad input/);
      expect(exited).toMatch(/stopped unexpectedly \(exit code 7\)/);
      expect((await embedder.embed(["xyz"]))[0]?.indexOf(1)).toBe(3);
    } finally {
      await embedder.close();
    }
  });

  it("fails calls with a clear error when the model cannot load, instead of hanging", async () => {
    const embedder = createUseLiteEmbedder({ threads: 2, workerUrl: failingUrl });
    try {
      await expect(embedder.embed(["a"])).rejects.toThrow(/did not load: weights missing/);
      await expect(embedder.warmup()).rejects.toMatchObject({ code: "unavailable" });
    } finally {
      await embedder.close();
    }
  });
});
