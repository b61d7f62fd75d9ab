import { describe, expect, expectTypeOf, it } from "vitest";
import type { VectorIndex } from "../../core/ports/vector-index";
import { describeVectorIndexContract } from "../../core/testing/vector-index.contract";
import { createFakeVectorize } from "./fake-vectorize";

describeVectorIndexContract("fake Vectorize, eventually consistent", async () => {
  const index = createFakeVectorize({ dimensions: 16, consistency: "eventual" });
  return { index, dimensions: 16, settle: () => index.settle() };
});

describeVectorIndexContract("fake Vectorize, immediate", async () => ({
  index: createFakeVectorize({ dimensions: 768 }),
  dimensions: 768,
}));

const unit = (dims: number, axis: number, tilt = 0): number[] => {
  const v = new Array<number>(dims).fill(0);
  v[axis] = 1;
  v[axis + 1] = tilt;
  return v;
};

describe("createFakeVectorize", () => {
  it("is a VectorIndex as the Vectorize binding is", () => {
    expectTypeOf(createFakeVectorize({ dimensions: 4 })).toMatchTypeOf<VectorIndex>();
  });

  it("holds writes back until settle when eventually consistent", async () => {
    const index = createFakeVectorize({ dimensions: 4, consistency: "eventual" });
    await index.upsert([{ id: "a", values: unit(4, 0) }]);
    expect((await index.query(unit(4, 0))).matches).toEqual([]);
    expect(await index.describe()).toMatchObject({ vectorCount: 0, processedUpToMutation: 0 });
    await index.settle();
    expect((await index.query(unit(4, 0))).matches.map((m) => m.id)).toEqual(["a"]);
    expect(await index.describe()).toMatchObject({ vectorCount: 1, processedUpToMutation: 1 });
  });

  it("keeps the first vector on insert and replaces it on upsert", async () => {
    const index = createFakeVectorize({ dimensions: 4 });
    await index.insert([{ id: "a", values: unit(4, 0), metadata: { v: 1 } }]);
    await index.insert([{ id: "a", values: unit(4, 2), metadata: { v: 2 } }]);
    expect((await index.getByIds(["a"]))[0]?.metadata).toEqual({ v: 1 });
    await index.upsert([{ id: "a", values: unit(4, 2), metadata: { v: 3 } }]);
    expect((await index.getByIds(["a"]))[0]).toEqual({ id: "a", values: unit(4, 2), metadata: { v: 3 } });
  });

  it("limits topK to 100, or 20 with values or all metadata", async () => {
    const index = createFakeVectorize({ dimensions: 4 });
    await expect(index.query(unit(4, 0), { topK: 100 })).resolves.toMatchObject({ count: 0 });
    await expect(index.query(unit(4, 0), { topK: 101 })).rejects.toThrow(/topK/);
    await expect(index.query(unit(4, 0), { topK: 21, returnValues: true })).rejects.toThrow(/topK/);
    await expect(index.query(unit(4, 0), { topK: 21, returnMetadata: "all" })).rejects.toThrow(/topK/);
    await expect(index.query(unit(4, 0), { topK: 50, returnMetadata: "indexed" })).resolves.toBeDefined();
  });

  it("filters with Vectorize operators, on nested fields, and only on indexed properties", async () => {
    const index = createFakeVectorize({ dimensions: 4, metadataIndexes: ["congress", "chamber", "bill.type"] });
    await index.upsert([
      { id: "h1", values: unit(4, 0), metadata: { congress: 117, chamber: "house", bill: { type: "hr" } } },
      { id: "h2", values: unit(4, 0, 0.1), metadata: { congress: 118, chamber: "house", bill: { type: "hres" } } },
      { id: "s1", values: unit(4, 0, 0.2), metadata: { congress: 118, chamber: "senate", bill: { type: "s" } } },
      { id: "x", values: unit(4, 0, 0.3), metadata: { title: "unindexed" } },
    ]);
    const ids = async (filter: Record<string, unknown>) =>
      (await index.query(unit(4, 0), { topK: 10, filter: filter as never })).matches.map((m) => m.id);
    expect(await ids({ chamber: "house" })).toEqual(["h1", "h2"]);
    expect(await ids({ congress: { $gte: 118, $lt: 200 } })).toEqual(["h2", "s1"]);
    expect(await ids({ chamber: { $ne: "house" } })).toEqual(["s1", "x"]);
    expect(await ids({ chamber: { $in: ["senate", "joint"] } })).toEqual(["s1"]);
    expect(await ids({ chamber: { $nin: ["senate"] }, congress: 118 })).toEqual(["h2"]);
    expect(await ids({ "bill.type": "hres" })).toEqual(["h2"]);
    expect(await ids({ title: "unindexed" })).toEqual([]);
  });

  it("returns only indexed metadata for returnMetadata indexed, and keeps namespaces apart", async () => {
    const index = createFakeVectorize({ dimensions: 4, metadataIndexes: ["doc"] });
    await index.upsert([
      { id: "a", values: unit(4, 0), namespace: "bills", metadata: { doc: "hr1", title: "A bill" } },
      { id: "b", values: unit(4, 0, 0.5), namespace: "record", metadata: { doc: "crec", title: "Remarks" } },
    ]);
    const bills = await index.query(unit(4, 0), { namespace: "bills", returnMetadata: "indexed" });
    expect(bills.matches).toEqual([{ id: "a", namespace: "bills", score: 1, metadata: { doc: "hr1" } }]);
    const byId = await index.queryById("b", { returnMetadata: true });
    expect(byId.matches.map((m) => [m.id, m.metadata?.title])).toEqual([
      ["b", "Remarks"],
      ["a", "A bill"],
    ]);
    expect(await index.queryById("missing")).toEqual({ matches: [], count: 0 });
  });
});
