import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NodeSqlDatabase, openSqliteDatabase } from "./sqlite-database";
import { createSqliteVecStore, type SqliteVecStore } from "./sqlite-vec-store";
import { addToGraph, createHnswGraph, type HnswGraph } from "./usearch-hnsw";
import { DEFAULT_HNSW_PARAMS } from "./vector-index";
import { encodeFilter, prepareRecords } from "./vector-index-records";
import { approximateSearch } from "./vector-index-search";
import { createGraphTail, type TailRows } from "./vector-index-tail";

const DIMS = 8;

/** Deterministic pseudo-random vectors (a linear congruential generator), so failures reproduce. */
function vectors(count: number, seed: number): number[][] {
  let state = seed;
  const next = () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296 - 0.5;
  };
  return Array.from({ length: count }, () => Array.from({ length: DIMS }, next));
}

describe("approximate search with filters", () => {
  let dir: string;
  let db: NodeSqlDatabase;
  let store: SqliteVecStore;
  let graph: HnswGraph;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "vector-search-"));
    db = openSqliteDatabase({ path: join(dir, "data.db") });
    store = createSqliteVecStore({ raw: db.raw, name: "vectors", dimensions: DIMS });
    const records = vectors(6000, 7).map((values, i) => ({
      id: `v${i}`,
      values,
      metadata: { group: i % 6 === 0 ? "small" : "big", even: i % 2 === 0 },
    }));
    store.upsert(prepareRecords(records, DIMS));
    graph = createHnswGraph({ dimensions: DIMS, params: DEFAULT_HNSW_PARAMS, generation: store.state().generation });
    const all = store.vectorsAfter(0, 10_000);
    addToGraph(graph, all.rowids, all.vectors);
    store.delete(["v1", "v3", "v5"]);
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const NO_TAIL: TailRows = { rowids: [], vectors: new Float32Array(0) };
  const search = (query: number[], filter: Record<string, string | boolean>, tail = NO_TAIL) =>
    approximateSearch({
      store,
      graph,
      tail,
      query: Float32Array.from(query),
      topK: 10,
      filter: encodeFilter(filter),
      state: store.state(),
      tombstoneShare: 3 / 6000,
    });
  const idsOf = (found: ReturnType<typeof search>) => (found?.hits ?? []).map((h) => found?.rows.get(h.rowid)?.id);

  it("oversamples the graph for a broad filter and keeps only live matching rows", () => {
    for (const [q, query] of vectors(20, 99).entries()) {
      const found = search(query, { group: "big" });
      expect(found, `query ${q}`).not.toBeNull();
      const ids = (found?.hits ?? []).map((h) => found?.rows.get(h.rowid)?.id);
      const exact = store.exact(Float32Array.from(query), 10, encodeFilter({ group: "big" }));
      const exactIds = exact.map((h) => store.rowsByRowids([h.rowid]).get(h.rowid)?.id);
      expect(ids).toHaveLength(10);
      for (const hit of found?.hits ?? []) expect(found?.rows.get(hit.rowid)?.metadata?.group).toBe("big");
      expect(ids).not.toContain("v1");
      expect(ids.filter((id) => exactIds.includes(id)).length, `query ${q}`).toBeGreaterThanOrEqual(9);
    }
  });

  it("leaves a selective filter to exact search", () => {
    expect(search(vectors(1, 5)[0] ?? [], { group: "small" })).toBeNull();
    expect(search(vectors(1, 5)[0] ?? [], { group: "nowhere" })).toBeNull();
  });

  it("searches the rows written since the graph's watermark exactly beside it, and drops them once it has them", () => {
    const before = store.state();
    const tails = createGraphTail(store, 500);
    // Rows written since: new ones, and one replacing a row the graph holds (a tombstone there from now on).
    const added = vectors(400, 31);
    store.upsert(
      prepareRecords(
        [
          ...added.map((values, i) => ({ id: `new${i}`, values, metadata: { group: i % 2 ? "big" : "small" } })),
          { id: "v8", values: added[7] ?? [], metadata: { group: "big" } },
        ],
        DIMS,
      ),
    );
    const tail = tails.rows(graph, store.state()) as TailRows;
    expect(tail.rowids).toHaveLength(401);
    expect(Math.min(...tail.rowids)).toBeGreaterThan(before.lastRowid);
    for (const [q, query] of vectors(10, 123).entries()) {
      const ids = idsOf(search(query, {}, tail));
      const exactIds = store
        .exact(Float32Array.from(query), 10)
        .map((h) => store.rowsByRowids([h.rowid]).get(h.rowid)?.id);
      expect(ids.filter((id) => exactIds.includes(id)).length, `query ${q}`).toBeGreaterThanOrEqual(9);
    }
    // A written row's own vector finds it first, and the row it replaced is gone; with a filter, only its rows.
    expect(idsOf(search(added[7] ?? [], {}, tail))[0]).toMatch(/^(new7|v8)$/);
    expect(idsOf(search(added[3] ?? [], {}, tail))[0]).toBe("new3");
    const big = search(added[3] ?? [], { group: "big" }, tail);
    for (const hit of big?.hits ?? []) expect(big?.rows.get(hit.rowid)?.metadata?.group).toBe("big");
    expect(idsOf(search(added[5] ?? [], { group: "big" }, tail))[0]).toBe("new5");
    // Once the graph holds some of them, the tail keeps only the rest; past its size, it is null (search exactly).
    const some = store.vectorsAfter(before.lastRowid, 100);
    addToGraph(graph, some.rowids, some.vectors);
    expect(tails.rows(graph, store.state())?.rowids).toHaveLength(301);
    store.upsert(
      prepareRecords(
        vectors(250, 57).map((values, i) => ({ id: `late${i}`, values })),
        DIMS,
      ),
    );
    expect(tails.rows(graph, store.state())).toBeNull();
    const rest = store.vectorsAfter(graph.watermark, 10_000);
    addToGraph(graph, rest.rowids, rest.vectors);
    expect(tails.rows(graph, store.state())?.rowids).toEqual([]);
  });

  it("finds exactly the filtered nearest rows on the exact path, by lookups or by a filtered scan", () => {
    const query = Float32Array.from(vectors(1, 11)[0] ?? []);
    const filters: Record<string, string | boolean>[] = [
      { group: "small" },
      { even: true },
      { group: "big", even: false },
      { group: "big" },
    ];
    for (const filter of filters) {
      const hits = store.exact(query, 10, encodeFilter(filter));
      const all = store.exact(query, 4096).filter((h) => {
        const metadata = store.rowsByRowids([h.rowid]).get(h.rowid)?.metadata;
        return Object.entries(filter).every(([k, v]) => metadata?.[k] === v);
      });
      expect(hits.map((h) => h.rowid)).toEqual(all.slice(0, 10).map((h) => h.rowid));
    }
  });
});
