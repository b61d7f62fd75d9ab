import { describe, expect, it } from "vitest";
import { createMemoryVectorIndex } from "./memory-vector-index";
import { describeVectorIndexContract } from "./vector-index.contract";

describeVectorIndexContract("memory", async () => ({
  index: createMemoryVectorIndex({ dimensions: 16 }),
  dimensions: 16,
}));

describe("memory vector index", () => {
  it("refuses zero and non-finite vectors, and bad topK", async () => {
    const index = createMemoryVectorIndex({ dimensions: 3 });
    await expect(index.upsert([{ id: "z", values: [0, 0, 0] }])).rejects.toThrow(/zero vector/);
    await expect(index.upsert([{ id: "n", values: [1, Number.NaN, 0] }])).rejects.toThrow(/not finite/);
    await expect(index.query([1, 0, 0], { topK: 0 })).rejects.toThrow(/topK/);
    await expect(index.query([1, 0, 0], { topK: 101 })).rejects.toThrow(/topK/);
    expect(index.size).toBe(0);
  });

  it("keeps returned metadata apart from what it stores", async () => {
    const index = createMemoryVectorIndex({ dimensions: 2 });
    const metadata = { tags: ["a"] };
    await index.upsert([{ id: "x", values: [1, 0], metadata }]);
    metadata.tags.push("b");
    const [record] = await index.getByIds(["x"]);
    expect(record?.metadata).toEqual({ tags: ["a"] });
  });

  it("lets the last of two records with one id win", async () => {
    const index = createMemoryVectorIndex({ dimensions: 2 });
    await index.upsert([
      { id: "x", values: [1, 0], metadata: { n: 1 } },
      { id: "x", values: [0, 1], metadata: { n: 2 } },
    ]);
    expect(await index.getByIds(["x"])).toEqual([{ id: "x", values: [0, 1], metadata: { n: 2 } }]);
  });
});
