/**
 * Ranking metrics of the retrieval evaluation. Pure functions over a ranked list of document keys and graded
 * judgements (`relevance` > 0 is relevant; 2 is a rendering of the bill, 1 another document about it).
 */

/** Judgements of one query: document key → relevance grade. Keys absent are not relevant. */
export type Judgements = ReadonlyMap<string, number>;

export interface QueryScores {
  ndcg10: number;
  recall100: number;
  mrr: number;
}

/**
 * nDCG at `k` with linear gains (the grade itself, as trec_eval's `ndcg_cut`) and a log2(rank + 1) discount.
 * The ideal ranking is every judged document sorted by grade; 0 when nothing is relevant. A key ranked twice counts
 * once, at its first rank.
 */
export function ndcgAt(ranked: readonly string[], judgements: Judgements, k: number): number {
  const ideal = [...judgements.values()]
    .filter((g) => g > 0)
    .sort((a, b) => b - a)
    .slice(0, k);
  const idcg = ideal.reduce((sum, g, i) => sum + g / Math.log2(i + 2), 0);
  if (idcg === 0) return 0;
  const dcg = unique(ranked)
    .slice(0, k)
    .reduce((sum, key, i) => sum + (judgements.get(key) ?? 0) / Math.log2(i + 2), 0);
  return dcg / idcg;
}

/** Share of the relevant documents found in the first `k`; 0 when nothing is relevant. */
export function recallAt(ranked: readonly string[], judgements: Judgements, k: number): number {
  const relevant = [...judgements.values()].filter((g) => g > 0).length;
  if (relevant === 0) return 0;
  const found = unique(ranked)
    .slice(0, k)
    .filter((key) => (judgements.get(key) ?? 0) > 0).length;
  return found / relevant;
}

/** 1 / rank of the first relevant document (any grade), 0 when none is ranked. */
export function reciprocalRank(ranked: readonly string[], judgements: Judgements): number {
  const at = unique(ranked).findIndex((key) => (judgements.get(key) ?? 0) > 0);
  return at < 0 ? 0 : 1 / (at + 1);
}

/** nDCG@10, Recall@100 and MRR of one query. */
export function scoreQuery(ranked: readonly string[], judgements: Judgements): QueryScores {
  return {
    ndcg10: ndcgAt(ranked, judgements, 10),
    recall100: recallAt(ranked, judgements, 100),
    mrr: reciprocalRank(ranked, judgements),
  };
}

/** The mean of each metric over queries; zeros for no query. */
export function meanScores(scores: readonly QueryScores[]): QueryScores & { queries: number } {
  const n = scores.length;
  const mean = (pick: (s: QueryScores) => number) => (n === 0 ? 0 : scores.reduce((t, s) => t + pick(s), 0) / n);
  return { queries: n, ndcg10: mean((s) => s.ndcg10), recall100: mean((s) => s.recall100), mrr: mean((s) => s.mrr) };
}

function unique(ranked: readonly string[]): string[] {
  return [...new Set(ranked)];
}
