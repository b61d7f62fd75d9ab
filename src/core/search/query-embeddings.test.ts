import { describe, expect, it } from "vitest";
import type { Embedder } from "../ports";
import { createQueryEmbeddings } from "./query-embeddings";

/** An embedder that counts its calls and can be told to fail once. */
function countingEmbedder(model = "m") {
  const calls: string[][] = [];
  let failNext = false;
  const embedder: Embedder = {
    model,
    dimensions: 2,
    async embed(texts) {
      calls.push(texts);
      if (failNext) {
        failNext = false;
        throw new Error("model down");
      }
      return texts.map((t) => new Float32Array([t.length, 1]));
    },
  };
  return { embedder, calls, failOnce: () => (failNext = true) };
}

describe("query embeddings", () => {
  it("embeds a repeated query once, and identical concurrent queries share one call", async () => {
    const { embedder, calls } = countingEmbedder();
    const cache = createQueryEmbeddings(embedder);
    const [a, b] = await Promise.all([cache.embed("clean water"), cache.embed("clean water")]);
    expect(a).toBe(b);
    expect(Array.from(a ?? [])).toEqual([11, 1]);
    await cache.embed("clean water");
    expect(calls).toEqual([["clean water"]]);
  });

  it("evicts the least recently used query beyond its capacity", async () => {
    const { embedder, calls } = countingEmbedder();
    const cache = createQueryEmbeddings(embedder, 2);
    await cache.embed("a");
    await cache.embed("b");
    await cache.embed("a"); // a is now the most recent
    await cache.embed("c"); // evicts b
    expect(cache.size).toBe(2);
    await cache.embed("a");
    await cache.embed("b");
    expect(calls.map(([t]) => t)).toEqual(["a", "b", "c", "b"]);
  });

  it("does not keep a failure", async () => {
    const { embedder, calls, failOnce } = countingEmbedder();
    const cache = createQueryEmbeddings(embedder);
    failOnce();
    await expect(cache.embed("q")).rejects.toThrow("model down");
    expect(Array.from((await cache.embed("q")) ?? [])).toEqual([1, 1]);
    expect(calls).toHaveLength(2);
  });
});
