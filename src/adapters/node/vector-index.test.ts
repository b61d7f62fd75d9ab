import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startedWorkers } from "../../../test/support/tracked-workers";
import { describeVectorIndexContract } from "../../core/testing/vector-index.contract";
import { type NodeSqlDatabase, openSqliteDatabase } from "./sqlite-database";
import {
  createNodeVectorIndex,
  dropNodeVectorIndex,
  type NodeVectorIndex,
  type NodeVectorIndexOptions,
} from "./vector-index";

// Each thread started, to stop one as a crash would.
vi.mock("node:worker_threads", async (original) =>
  (await import("../../../test/support/tracked-workers")).trackWorkers(await original()),
);

type Extra = Partial<Omit<NodeVectorIndexOptions, "db" | "dataDir">>;

/**
 * Opens indexes over one temporary data folder, each on its own connection (and, `threaded`, answering queries on a
 * thread of its own), and removes everything after.
 */
function fixture(threaded = false) {
  const dir = mkdtempSync(join(tmpdir(), "vector-index-"));
  const opened: { db: NodeSqlDatabase; index: NodeVectorIndex }[] = [];
  return {
    dir,
    open(extra: Extra = {}): NodeVectorIndex {
      const path = join(dir, "data.db");
      const db = openSqliteDatabase({ path });
      const index = createNodeVectorIndex({
        db,
        dataDir: dir,
        dimensions: 8,
        ...(threaded ? { thread: { path } } : {}),
        ...extra,
      });
      opened.push({ db, index });
      return index;
    },
    graphFiles: () => readdirSync(dir).filter((f) => f.endsWith(".usearch")),
    async cleanup() {
      for (const { db, index } of opened) {
        await index.close();
        db.close();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A deterministic unit-ish vector with a clear nearest neighbour: mostly axis `i % dims`, tilted by `i`. */
function vec(i: number, dims = 8): number[] {
  const v = Array.from({ length: dims }, (_, d) => Math.sin(i * 7.1 + d * 3.3) * 0.05);
  v[i % dims] = 1;
  return v;
}

const topIds = async (index: NodeVectorIndex, query: number[], topK = 5) =>
  (await index.query(query, { topK })).matches.map((m) => m.id);

describeVectorIndexContract("node, exact (sqlite-vec)", async () => {
  const f = fixture();
  return {
    index: f.open({ dimensions: 16, hnswThreshold: Number.POSITIVE_INFINITY }),
    dimensions: 16,
    cleanup: f.cleanup,
  };
});

describeVectorIndexContract("node, always HNSW (usearch)", async () => {
  const f = fixture();
  // The graph holds bfloat16 copies of the vectors: its scores are cosines to about four decimal places.
  return { index: f.open({ dimensions: 16, hnswThreshold: 0 }), dimensions: 16, cleanup: f.cleanup, scoreDigits: 3 };
});

describeVectorIndexContract("node, always HNSW, queries on their own thread", async () => {
  const f = fixture(true);
  return { index: f.open({ dimensions: 16, hnswThreshold: 0 }), dimensions: 16, cleanup: f.cleanup, scoreDigits: 3 };
});

describe.each([
  ["in the caller's thread", false],
  ["on their own thread", true],
])("node vector index, queries %s", (_, threaded) => {
  let f: ReturnType<typeof fixture>;
  afterEach(async () => {
    await f.cleanup();
  });

  it("answers from the HNSW graph from the threshold on, and exactly below it", async () => {
    f = fixture(threaded);
    const index = f.open({ hnswThreshold: 20 });
    await index.upsert(Array.from({ length: 19 }, (_, i) => ({ id: `v${i}`, values: vec(i) })));
    expect(await topIds(index, vec(3), 1)).toEqual(["v3"]);
    expect(await index.status()).toEqual({ mode: "exact", vectorCount: 19, hnsw: null });
    await index.upsert([{ id: "v19", values: vec(19) }]);
    expect(await topIds(index, vec(19), 1)).toEqual(["v19"]);
    expect(await index.status()).toMatchObject({ mode: "hnsw", hnsw: { size: 20, tombstones: 0, building: false } });
  });

  it("keeps the graph across a restart, saved in the data folder", async () => {
    f = fixture(threaded);
    const first = f.open({ hnswThreshold: 0 });
    await first.upsert(Array.from({ length: 40 }, (_, i) => ({ id: `v${i}`, values: vec(i) })));
    await first.ready();
    await first.close();
    expect(f.graphFiles()).toHaveLength(1);
    // A process in exact mode deletes a vector: a graph loaded from the file still holds it, as a tombstone.
    await f.open({ hnswThreshold: Number.POSITIVE_INFINITY }).deleteByIds(["v5"]);
    const second = f.open({ hnswThreshold: 0 });
    expect(await topIds(second, vec(5), 40)).not.toContain("v5");
    expect((await second.status()).hnsw).toMatchObject({ size: 40, tombstones: 1 });
  });

  it("sees what another connection writes, and drops what it deletes", async () => {
    f = fixture(threaded);
    const server = f.open({ hnswThreshold: 0 });
    const ingest = f.open({ hnswThreshold: 0 });
    await ingest.upsert(Array.from({ length: 12 }, (_, i) => ({ id: `v${i}`, values: vec(i) })));
    expect(await topIds(server, vec(7), 1)).toEqual(["v7"]);
    await ingest.deleteByIds(["v7"]);
    await ingest.upsert([{ id: "late", values: vec(7) }]);
    expect(await topIds(server, vec(7), 1)).toEqual(["late"]);
    expect(await server.describe()).toEqual({ dimensions: 8, vectorCount: 12 });
  });

  it("skips tombstones after deletes and re-upserts, and rebuilds when they pile up", async () => {
    f = fixture(threaded);
    const index = f.open({ hnswThreshold: 0 });
    await index.upsert(Array.from({ length: 40 }, (_, i) => ({ id: `v${i}`, values: vec(i) })));
    await index.ready();
    await index.deleteByIds(["v1", "v2", "v3"]);
    await index.upsert([
      { id: "v4", values: vec(100) },
      { id: "v9", values: vec(101) },
    ]);
    const near = await topIds(index, vec(4), 40);
    expect(near).toHaveLength(37);
    expect(near).not.toContain("v1");
    expect(await topIds(index, vec(100), 1)).toEqual(["v4"]);
    await index.ready();
    expect((await index.status()).hnsw).toMatchObject({ size: 42, tombstones: 5 });
    await index.deleteByIds(Array.from({ length: 10 }, (_, i) => `v${i + 20}`));
    expect(await topIds(index, vec(25), 40)).toHaveLength(27);
    expect((await index.status()).hnsw).toMatchObject({ size: 27, tombstones: 0 });
  });

  it("builds a large graph in the background, answering exactly meanwhile", async () => {
    f = fixture(threaded);
    const index = f.open({ hnswThreshold: 50, hnswChunkSize: 16 });
    await index.upsert(Array.from({ length: 120 }, (_, i) => ({ id: `v${i}`, values: vec(i) })));
    const exact = await index.query(vec(33), { topK: 10 });
    expect(exact.matches[0]?.id).toBe("v33");
    expect((await index.status()).hnsw).toMatchObject({ building: true });
    await index.ready();
    expect((await index.status()).hnsw).toMatchObject({ size: 120, building: false });
    const approximate = await index.query(vec(33), { topK: 10 });
    // HNSW is approximate and near-ties may swap: hold it to the exact answer's head and most of its ids.
    // Its scores come from bfloat16 copies of the vectors: cosines to about four decimal places.
    expect(approximate.matches[0]?.id).toBe(exact.matches[0]?.id);
    const exactScores = new Map(exact.matches.map((m) => [m.id, m.score]));
    const shared = approximate.matches.filter((m) => exactScores.has(m.id));
    expect(shared.length).toBeGreaterThanOrEqual(8);
    for (const m of shared) expect(m.score).toBeCloseTo(exactScores.get(m.id) ?? 0, 3);
    expect(f.graphFiles()).toHaveLength(1);
  });

  it("answers from the graph and the rows written since, exactly, while it takes them in", async () => {
    f = fixture(threaded);
    const index = f.open({ hnswThreshold: 0, hnswChunkSize: 16 });
    await index.upsert(Array.from({ length: 40 }, (_, i) => ({ id: `v${i}`, values: vec(i) })));
    await index.ready();
    // Written by another connection, as an ingest in another process would, and replacing one the graph holds.
    await f
      .open({ hnswThreshold: Number.POSITIVE_INFINITY })
      .upsert([
        ...Array.from({ length: 100 }, (_, i) => ({ id: `new${i}`, values: vec(i + 200) })),
        { id: "v3", values: vec(300) },
      ]);
    expect(await topIds(index, vec(250), 1)).toEqual(["new50"]);
    expect(await topIds(index, vec(300), 1)).toEqual(["v3"]);
    expect(await topIds(index, vec(3), 3)).not.toContain("v3");
    if (!threaded) {
      // The query did not wait for the graph: it still holds the 40 it had, and takes in the rest in the background.
      expect((await index.status()).hnsw).toMatchObject({ size: 40, behind: 101, building: true });
    }
    await index.ready();
    expect((await index.status()).hnsw).toMatchObject({ size: 141, behind: 0, tombstones: 1, building: false });
    expect(await topIds(index, vec(250), 1)).toEqual(["new50"]);
  });

  it("refuses other dimensions and another model for a stored index", async () => {
    f = fixture(threaded);
    await f.open({ model: "use-lite" }).upsert([{ id: "a", values: vec(0) }]);
    expect(() => f.open({ dimensions: 9 })).toThrow(/8-dimensional/);
    expect(() => f.open({ model: "other" })).toThrow(/model use-lite/);
    expect(() => f.open({ name: "Bad-Name" })).toThrow(/name/);
    expect(await f.open().describe()).toEqual({ dimensions: 8, vectorCount: 1 });
  });

  it("refuses zero and non-finite vectors and out-of-range topK", async () => {
    f = fixture(threaded);
    const index = f.open();
    await expect(index.upsert([{ id: "z", values: new Array(8).fill(0) }])).rejects.toThrow(/zero vector/);
    await expect(index.upsert([{ id: "n", values: vec(0).map(() => Number.NaN) }])).rejects.toThrow(/not finite/);
    await expect(index.query(vec(0), { topK: 101 })).rejects.toThrow(/topK/);
    expect((await index.describe()).vectorCount).toBe(0);
  });

  it("never matches a filter against an array field", async () => {
    f = fixture(threaded);
    const index = f.open();
    await index.upsert([{ id: "a", values: vec(0), metadata: { tags: ["x"], kind: "x" } }]);
    expect(await index.query(vec(0), { filter: { tags: "x" } })).toEqual({ matches: [], count: 0 });
    expect((await index.query(vec(0), { filter: { kind: "x" } })).count).toBe(1);
  });

  it("clears every vector, and other connections drop their graphs", async () => {
    f = fixture(threaded);
    const a = f.open({ hnswThreshold: 0 });
    const b = f.open({ hnswThreshold: 0 });
    await a.upsert(Array.from({ length: 10 }, (_, i) => ({ id: `v${i}`, values: vec(i) })));
    await a.close(); // saves a graph file
    expect(await topIds(b, vec(2), 1)).toEqual(["v2"]);
    await b.clear();
    expect(f.graphFiles()).toEqual([]);
    await b.upsert([{ id: "new", values: vec(2) }]);
    const c = f.open({ hnswThreshold: 0 });
    expect(await topIds(c, vec(2), 5)).toEqual(["new"]);
    expect((await c.status()).hnsw).toMatchObject({ size: 1 });
  });

  it("drops an index so it can be made again with other dimensions", async () => {
    f = fixture(threaded);
    const index = f.open({ hnswThreshold: 0 });
    await index.upsert([{ id: "a", values: vec(0) }]);
    await index.ready();
    await index.close();
    expect(f.graphFiles()).toHaveLength(1);
    const db = openSqliteDatabase({ path: join(f.dir, "data.db") });
    dropNodeVectorIndex({ db, dataDir: f.dir });
    db.close();
    expect(f.graphFiles()).toEqual([]);
    expect(await f.open({ dimensions: 4 }).describe()).toEqual({ dimensions: 4, vectorCount: 0 });
  });
});

describe("node vector index, queries on their own thread", () => {
  let f: ReturnType<typeof fixture>;
  afterEach(async () => {
    await f.cleanup();
  });

  it("answers in the caller's thread when the thread cannot open the database", async () => {
    f = fixture();
    const reasons: string[] = [];
    const thread = { path: join(f.dir, "missing", "data.db"), onFallback: (reason: string) => reasons.push(reason) };
    const index = f.open({ hnswThreshold: 0, thread });
    await index.upsert(Array.from({ length: 12 }, (_, i) => ({ id: `v${i}`, values: vec(i) })));
    expect(await topIds(index, vec(7), 1)).toEqual(["v7"]);
    await index.ready();
    expect(await index.status()).toMatchObject({ mode: "hnsw", hnsw: { size: 12 } });
    await topIds(index, vec(3), 1);
    // Each query was answered here, and said why: the first after waiting for the thread that failed, the next at once.
    expect(reasons).toHaveLength(2);
    expect(reasons[1]).toBe(reasons[0]);
    expect(reasons[0]).toMatch(/^the vector thread could not open the index: .*directory does not exist/);
  });

  it("answers in the caller's thread what a stopped thread had in hand, and starts another for the next", async () => {
    f = fixture();
    const reasons: string[] = [];
    const thread = { path: join(f.dir, "data.db"), onFallback: (reason: string) => reasons.push(reason) };
    const index = f.open({ hnswThreshold: 0, thread });
    await index.upsert(Array.from({ length: 30 }, (_, i) => ({ id: `v${i}`, values: vec(i) })));
    expect(await topIds(index, vec(3), 1)).toEqual(["v3"]);
    const first = startedWorkers.at(-1) as Worker;
    const inHand = topIds(index, vec(5), 1);
    await first.terminate();
    expect(await inHand).toEqual(["v5"]);
    expect(reasons).toEqual([expect.stringMatching(/^the vector thread stopped \(exit code 1\)/)]);
    expect(await topIds(index, vec(7), 1)).toEqual(["v7"]);
    expect(startedWorkers.at(-1)).not.toBe(first);
    expect(reasons).toHaveLength(1);
  });

  it("saves the thread's graph on close, and refuses queries from then on", async () => {
    f = fixture(true);
    const index = f.open({ hnswThreshold: 0 });
    await index.upsert(Array.from({ length: 30 }, (_, i) => ({ id: `v${i}`, values: vec(i) })));
    const pending = index.query(vec(3), { topK: 1 });
    await index.close();
    expect((await pending).matches[0]?.id).toBe("v3");
    expect(f.graphFiles()).toHaveLength(1);
    await expect(index.query(vec(3))).rejects.toThrow(/closed/);
  });
});
