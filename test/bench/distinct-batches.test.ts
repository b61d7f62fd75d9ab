import { describe, expect, it } from "vitest";
import { type BenchQuery, distinctBatches } from "../../bench/search/query-mix";

const q = (kind: BenchQuery["kind"], text: string): BenchQuery => ({ kind, q: text });

describe("distinctBatches", () => {
  const pool = [
    q("short", "tariff"),
    q("long", "a bill to amend"),
    q("short", "tariff"), // a repeat within the pool
    q("short", "water rights"),
    q("long", "a joint resolution"),
    q("frequent", "the"), // already in the mix the server has seen
    q("short", "grazing"),
    q("long", "to provide for"),
    q("short", "wetlands"),
  ];
  const exclude = [q("frequent", "the"), q("short", "grazing")];

  it("never repeats a query, within a batch, across batches, or from the excluded mix", () => {
    const batches = distinctBatches({ pool, exclude, count: 2, perKind: 5 });
    const all = batches.flat().map((b) => b.q);
    expect(new Set(all).size).toBe(all.length);
    expect(all).not.toContain("the");
    expect(all).not.toContain("grazing");
    expect(all.sort()).toEqual(
      ["a bill to amend", "a joint resolution", "tariff", "to provide for", "water rights", "wetlands"].sort(),
    );
  });

  it("deals each kind across the batches, kinds interleaved, at most perKind of each", () => {
    const batches = distinctBatches({ pool, exclude, count: 2, perKind: 1 });
    expect(batches.map((b) => b.map((x) => x.q))).toEqual([
      ["tariff", "a bill to amend"],
      ["water rights", "a joint resolution"],
    ]);
  });
});
