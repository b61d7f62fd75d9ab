import { describe, expect, it } from "vitest";
import { meanScores, ndcgAt, recallAt, reciprocalRank, scoreQuery } from "../../bench/eval/metrics";

const judged = new Map([
  ["a", 2],
  ["b", 2],
  ["c", 1],
]);

describe("ndcgAt", () => {
  it("is 1 for the ideal ranking and 0 when nothing relevant is ranked", () => {
    expect(ndcgAt(["a", "b", "c"], judged, 10)).toBeCloseTo(1, 12);
    expect(ndcgAt(["x", "y"], judged, 10)).toBe(0);
    expect(ndcgAt([], judged, 10)).toBe(0);
  });

  it("uses the grades as gains with a log2 discount", () => {
    // Ranked: c (1) at rank 1, x at 2, a (2) at 3. Ideal: 2, 2, 1.
    const dcg = 1 / Math.log2(2) + 2 / Math.log2(4);
    const idcg = 2 / Math.log2(2) + 2 / Math.log2(3) + 1 / Math.log2(4);
    expect(ndcgAt(["c", "x", "a"], judged, 10)).toBeCloseTo(dcg / idcg, 12);
  });

  it("cuts at k, both the ranking and the ideal", () => {
    expect(ndcgAt(["x", "a"], judged, 1)).toBe(0);
    expect(ndcgAt(["a", "x"], judged, 1)).toBe(1);
  });

  it("counts a document ranked twice once", () => {
    expect(ndcgAt(["c", "c", "a"], judged, 10)).toBeCloseTo(ndcgAt(["c", "a"], judged, 10), 12);
  });

  it("is 0 for a query with no relevant document", () => {
    expect(ndcgAt(["a"], new Map([["a", 0]]), 10)).toBe(0);
  });
});

describe("recallAt", () => {
  it("is the share of relevant documents within the cut, whatever their grade", () => {
    expect(recallAt(["a", "x", "c"], judged, 100)).toBeCloseTo(2 / 3, 12);
    expect(recallAt(["a", "x", "c"], judged, 2)).toBeCloseTo(1 / 3, 12);
    expect(recallAt(["a", "a", "a"], judged, 100)).toBeCloseTo(1 / 3, 12);
    expect(recallAt(["a"], new Map(), 100)).toBe(0);
  });
});

describe("reciprocalRank", () => {
  it("is 1 / the rank of the first relevant document of any grade", () => {
    expect(reciprocalRank(["c", "a"], judged)).toBe(1);
    expect(reciprocalRank(["x", "y", "c"], judged)).toBeCloseTo(1 / 3, 12);
    expect(reciprocalRank(["x", "x", "c"], judged)).toBe(1 / 2);
    expect(reciprocalRank(["x"], judged)).toBe(0);
  });
});

describe("scoreQuery and meanScores", () => {
  it("averages each metric over queries", () => {
    const perfect = scoreQuery(["a", "b", "c"], judged);
    const missed = scoreQuery(["x"], judged);
    expect(perfect).toEqual({ ndcg10: expect.closeTo(1, 12), recall100: 1, mrr: 1 });
    expect(missed).toEqual({ ndcg10: 0, recall100: 0, mrr: 0 });
    const mean = meanScores([perfect, missed]);
    expect(mean.queries).toBe(2);
    expect(mean.ndcg10).toBeCloseTo(0.5, 12);
    expect(mean.recall100).toBe(0.5);
    expect(mean.mrr).toBe(0.5);
    expect(meanScores([])).toEqual({ queries: 0, ndcg10: 0, recall100: 0, mrr: 0 });
  });
});
