import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { VectorIndex, VectorMatch } from "../ports/vector-index";

export interface VectorIndexHarness {
  index: VectorIndex;
  /** The index's dimensions; the contract needs at least 8. */
  dimensions: number;
  /**
   * Waits until every write made so far is visible to reads. Vectorize applies writes asynchronously (seconds
   * later), so this is the only place the contract assumes read-after-write; indexes that apply writes before the
   * promise resolves leave it out.
   */
  settle?(): Promise<void>;
  cleanup?(): Promise<void>;
  /**
   * Decimal places scores are exact to: 5 (float32) unless the index compares reduced-precision copies of the
   * vectors, as a bfloat16 graph does (3).
   */
  scoreDigits?: number;
}

export type VectorIndexFactory = () => Promise<VectorIndexHarness>;

/**
 * What every VectorIndex does, held to what Vectorize itself guarantees: cosine scores (higher is closer), topK at
 * most 20 here, an equality filter on string, number and boolean fields that is applied before topK, ids of up to
 * 64 bytes, and float32 precision for stored values (scores too, unless the harness says otherwise). Each test gets
 * a fresh, empty index from the factory.
 */
export function describeVectorIndexContract(name: string, factory: VectorIndexFactory): void {
  describe(`VectorIndex contract: ${name}`, () => {
    let h: VectorIndexHarness;
    let dims: number;
    const settle = () => h.settle?.() ?? Promise.resolve();
    /** A unit vector along axis `axis`, tilted towards axis `axis + 1` by `tilt`. */
    const axis = (n: number, tilt = 0): number[] => {
      const v = new Array<number>(dims).fill(0);
      v[n % dims] = 1;
      v[(n + 1) % dims] = tilt;
      return v;
    };
    const ids = (matches: VectorMatch[]) => matches.map((m) => m.id);

    beforeEach(async () => {
      h = await factory();
      dims = h.dimensions;
    });
    afterEach(async () => {
      await h.cleanup?.();
    });

    it("describes an empty index and answers an empty query", async () => {
      expect(await h.index.describe()).toMatchObject({ dimensions: dims, vectorCount: 0 });
      expect(await h.index.query(axis(0))).toMatchObject({ matches: [], count: 0 });
    });

    it("ranks by cosine similarity, best first, with scores in [-1, 1]", async () => {
      const mutation = await h.index.upsert([
        { id: "exact", values: axis(0) },
        { id: "close", values: axis(0, 0.2) },
        { id: "far", values: axis(0, 3) },
        { id: "orthogonal", values: axis(2) },
        { id: "opposite", values: axis(0).map((x) => -x) },
      ]);
      expect(typeof mutation.mutationId).toBe("string");
      await settle();
      const result = await h.index.query(axis(0), { topK: 5 });
      expect(ids(result.matches)).toEqual(["exact", "close", "far", "orthogonal", "opposite"]);
      expect(result.count).toBe(5);
      const scores = result.matches.map((m) => m.score);
      const digits = h.scoreDigits ?? 5;
      expect(scores[0]).toBeCloseTo(1, digits);
      expect(scores[1]).toBeCloseTo(1 / Math.sqrt(1.04), digits);
      expect(scores[3]).toBeCloseTo(0, digits);
      expect(scores[4]).toBeCloseTo(-1, digits);
    });

    it("ignores magnitude, as cosine similarity does", async () => {
      await h.index.upsert([
        { id: "long", values: axis(1).map((x) => x * 40) },
        { id: "short", values: axis(3).map((x) => x / 1000) },
      ]);
      await settle();
      const [best] = (
        await h.index.query(
          axis(1).map((x) => x * 0.01),
          { topK: 1 },
        )
      ).matches;
      expect(best?.id).toBe("long");
      expect(best?.score).toBeCloseTo(1, h.scoreDigits ?? 5);
    });

    it("returns topK matches (5 by default), and values and metadata only on request", async () => {
      await h.index.upsert(
        Array.from({ length: 12 }, (_, i) => ({ id: `v${i}`, values: axis(0, i / 10), metadata: { rank: i } })),
      );
      await settle();
      const plain = await h.index.query(axis(0));
      expect(ids(plain.matches)).toEqual(["v0", "v1", "v2", "v3", "v4"]);
      expect(plain.matches[0]?.values).toBeUndefined();
      expect(plain.matches[0]?.metadata).toBeUndefined();
      const three = await h.index.query(axis(0), { topK: 3, returnValues: true, returnMetadata: "all" });
      expect(three.count).toBe(3);
      expect(three.matches[1]?.metadata).toEqual({ rank: 1 });
      expectClose(three.matches[1]?.values ?? [], axis(0, 0.1));
      const all = await h.index.query(axis(0), { topK: 20, returnMetadata: true });
      expect(all.count).toBe(12);
      expect(all.matches.map((m) => m.metadata?.rank)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    });

    it("filters on metadata equality before taking topK", async () => {
      await h.index.upsert([
        { id: "a1", values: axis(0), metadata: { doc: "a", page: 1, draft: false } },
        { id: "a2", values: axis(0, 0.1), metadata: { doc: "a", page: 2, draft: true } },
        { id: "b1", values: axis(0, 0.05), metadata: { doc: "b", page: 1, draft: false } },
        { id: "c1", values: axis(5), metadata: { doc: "c", page: 1, draft: false, tags: ["x"] } },
        { id: "none", values: axis(0, 0.01) },
      ]);
      await settle();
      const q = (filter: Record<string, string | number | boolean>) =>
        h.index.query(axis(0), { topK: 2, filter }).then((r) => ids(r.matches));
      expect(await q({ doc: "c" })).toEqual(["c1"]);
      expect(await q({ doc: "a" })).toEqual(["a1", "a2"]);
      expect(await q({ page: 1 })).toEqual(["a1", "b1"]);
      expect(await q({ draft: true })).toEqual(["a2"]);
      expect(await q({ doc: "a", page: 2 })).toEqual(["a2"]);
      expect(await q({ doc: "a", page: 3 })).toEqual([]);
      expect(await q({ doc: "zzz" })).toEqual([]);
    });

    it("replaces the values and metadata of an id that is upserted again", async () => {
      await h.index.upsert([
        { id: "moving", values: axis(0), metadata: { version: 1 } },
        { id: "still", values: axis(4) },
      ]);
      await settle();
      await h.index.upsert([{ id: "moving", values: axis(4, 0.1), metadata: { version: 2 } }]);
      await settle();
      expect((await h.index.describe()).vectorCount).toBe(2);
      const near4 = await h.index.query(axis(4), { topK: 2, returnMetadata: "all" });
      expect(ids(near4.matches)).toEqual(["still", "moving"]);
      expect(near4.matches[1]?.metadata).toEqual({ version: 2 });
      expect(await h.index.query(axis(0), { topK: 5, filter: { version: 1 } })).toMatchObject({
        matches: [],
        count: 0,
      });
      const [record] = await h.index.getByIds(["moving"]);
      expectClose(Array.from(record?.values ?? []), axis(4, 0.1));
    });

    it("gets stored vectors by id, skipping missing ids", async () => {
      const values = axis(3).map((x, i) => x + (i % 3) * 0.1 + 1 / 3);
      await h.index.upsert([
        { id: "with-meta", values, metadata: { title: "Ünïcode “title”", year: 2024, tags: ["a", "b"] } },
        { id: "bare", values: axis(1) },
      ]);
      await settle();
      const found = await h.index.getByIds(["missing", "bare", "with-meta"]);
      const byId = new Map(found.map((r) => [r.id, r]));
      expect([...byId.keys()].sort()).toEqual(["bare", "with-meta"]);
      expectClose(Array.from(byId.get("with-meta")?.values ?? []), values);
      expect(byId.get("with-meta")?.metadata).toEqual({ title: "Ünïcode “title”", year: 2024, tags: ["a", "b"] });
      expect(await h.index.getByIds(["nope"])).toEqual([]);
    });

    it("deletes ids idempotently", async () => {
      await h.index.upsert([
        { id: "keep", values: axis(0) },
        { id: "drop", values: axis(0, 0.1) },
      ]);
      await settle();
      expect(typeof (await h.index.deleteByIds(["drop", "never-existed"])).mutationId).toBe("string");
      await h.index.deleteByIds(["drop"]);
      await settle();
      expect(await h.index.describe()).toMatchObject({ dimensions: dims, vectorCount: 1 });
      expect(ids((await h.index.query(axis(0), { topK: 5 })).matches)).toEqual(["keep"]);
      expect(await h.index.getByIds(["drop"])).toEqual([]);
    });

    it("takes number[], Float32Array and Float64Array alike", async () => {
      await h.index.upsert([
        { id: "array", values: axis(0) },
        { id: "f32", values: Float32Array.from(axis(1)) },
        { id: "f64", values: Float64Array.from(axis(2)) },
      ]);
      await settle();
      for (const [id, query] of [
        ["array", Float64Array.from(axis(0))],
        ["f32", axis(1)],
        ["f64", Float32Array.from(axis(2))],
      ] as const) {
        const [best] = (await h.index.query(query, { topK: 1 })).matches;
        expect(best?.id).toBe(id);
      }
    });

    it("refuses vectors of other dimensions, writing nothing from that call", async () => {
      await expect(
        h.index.upsert([
          { id: "fine", values: axis(0) },
          { id: "short", values: axis(0).slice(1) },
        ]),
      ).rejects.toThrow();
      await expect(h.index.query(axis(0).concat([0]))).rejects.toThrow();
      await settle();
      expect((await h.index.describe()).vectorCount).toBe(0);
    });

    it("accepts ids of 64 bytes and refuses longer ones", async () => {
      const long = `${"é".repeat(31)}ab`;
      await h.index.upsert([{ id: long, values: axis(0) }]);
      await expect(h.index.upsert([{ id: `${long}c`, values: axis(0) }])).rejects.toThrow();
      await settle();
      expect(ids((await h.index.query(axis(0))).matches)).toEqual([long]);
    });
  });
}

function expectClose(actual: ArrayLike<number>, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(actual[i]).toBeCloseTo(expected[i] ?? Number.NaN, 5);
}
