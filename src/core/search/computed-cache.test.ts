import { describe, expect, it } from "vitest";
import { createComputedCache } from "./computed-cache";

describe("computed cache", () => {
  it("computes a key once, shares a computation in flight, and keeps null values", async () => {
    const cache = createComputedCache<string | null>({ max: 10 });
    let calls = 0;
    const compute = async () => {
      calls++;
      return null;
    };
    const [a, b] = await Promise.all([cache.get("k", compute), cache.get("k", compute)]);
    expect([a, b, await cache.get("k", compute)]).toEqual([null, null, null]);
    expect(calls).toBe(1);
  });

  it("keeps neither failures nor values `keep` refuses", async () => {
    const cache = createComputedCache<number>({ max: 10, keep: (n) => n > 0 });
    await expect(cache.get("k", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("k", async () => 0)).toBe(0);
    expect(await cache.get("k", async () => 2)).toBe(2);
    expect(await cache.get("k", async () => 3)).toBe(2);
  });

  it("serves an entry for its time to live only", async () => {
    const cache = createComputedCache<number>({ max: 10, ttlMs: 100 });
    expect(await cache.get("k", async () => 1)).toBe(1);
    expect(await cache.get("k", async () => 2)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await cache.get("k", async () => 3)).toBe(3);
  });

  it("with max 0 computes every time", async () => {
    const hits: boolean[] = [];
    const cache = createComputedCache<number>({ max: 0, counted: (hit) => hits.push(hit) });
    expect(await cache.get("k", async () => 1)).toBe(1);
    expect(await cache.get("k", async () => 2)).toBe(2);
    expect([cache.size, ...hits]).toEqual([0, false, false]);
  });
});
