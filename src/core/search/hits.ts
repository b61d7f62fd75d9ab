import type { MatchSource } from "./results";

/** A ranked document: its best passage, its score, and what found it. */
export interface Hit {
  /**
   * The passage's chunk; null for a passage the model found, known by its number in the document (`ord`, from its
   * vector id) and looked up only if it is shown.
   */
  chunkId: number | null;
  ord?: number;
  documentId: string;
  score: number;
  collapsed?: string[];
  /** What the page is ordered by, when not the score: the document's date as a number (see `byDate`). */
  key?: number;
  /** Which rankings found the document: its words, the model's nearest passages, or both (hybrid). */
  matchedBy: MatchSource[];
}

/** Keeps the best hit per document, in rank order. */
export function bestPerDocument(hits: Hit[]): Hit[] {
  const seen = new Set<string>();
  return hits.filter((h) => !seen.has(h.documentId) && seen.add(h.documentId));
}

/** Score descending, then document id: a total order, which keyset cursors need. */
export function byRank(a: Hit, b: Hit): number {
  return b.score - a.score || (a.documentId < b.documentId ? -1 : a.documentId > b.documentId ? 1 : 0);
}

/**
 * Hybrid ranking: each list's scores scaled to [0, 1], then mixed with `keywordWeight` for keywords. The meaning's
 * similarities are scaled over its own candidates (min-max), the keywords' over their best (bm25 is 0 for no match):
 * min-max gave the last keyword match nothing, so when a two-word query matched three documents, the two holding the
 * words apart fell below every meaning-only neighbour (18th and 38th for `telehealth veterans`, 2nd and 4th now); on
 * the gold queries, whose keyword lists are long, it changed no score. Tuned on the gold queries (`npm run eval`): it
 * beat reciprocal rank fusion at every k and weight tried, because the bundled model's similarities are informative
 * but weaker than BM25 on these queries. Also tried and lost: z-scores (summaries 0.843 against keywords' 0.846), both
 * lists over their top (0.839), and min-max over the first 20, 50 or 100 keyword documents only.
 */
export function fuse(keyword: Hit[], semantic: Hit[], keywordWeight: number): Hit[] {
  const fused = new Map<string, Hit>();
  const add = (list: Hit[], weight: number, source: MatchSource) => {
    const scores = list.map((h) => h.score);
    const top = Math.max(...scores);
    const bottom = source === "keywords" ? 0 : Math.min(...scores);
    for (const hit of list) {
      const score = weight * (top > bottom ? Math.max(0, hit.score - bottom) / (top - bottom) : 1);
      const prior = fused.get(hit.documentId);
      if (prior) {
        prior.score += score;
        prior.matchedBy = [...prior.matchedBy, source];
      } else fused.set(hit.documentId, { ...hit, score, matchedBy: [source] });
    }
  };
  add(keyword, keywordWeight, "keywords");
  add(semantic, 1 - keywordWeight, "meaning");
  return [...fused.values()];
}

/** Days since 1970 of an ISO date, or null. */
function dayOf(date: string | null | undefined): number | null {
  const time = date ? Date.parse(date) : Number.NaN;
  return Number.isFinite(time) ? Math.floor(time / 86_400_000) : null;
}

/** Below every date, in both orders: undated documents come last. */
const UNDATED = -1e9;

/**
 * The hits, in relevance order, newest or oldest first: their `key`, descending, is the day (or minus the day) plus
 * a fraction that keeps the best match first within a day; undated last; then by id, a total order, which keyset
 * cursors need.
 */
export function byDate(hits: Hit[], dateOf: (hit: Hit) => string | null | undefined, sort: "newest" | "oldest"): Hit[] {
  const keyed = hits.map((hit, rank) => {
    const day = dayOf(dateOf(hit));
    const within = (hits.length - rank) / (hits.length + 1);
    return { ...hit, key: (day === null ? UNDATED : sort === "newest" ? day : -day) + within };
  });
  const key = (h: Hit) => h.key as number;
  return keyed.sort((a, b) => key(b) - key(a) || (a.documentId < b.documentId ? -1 : 1));
}

/**
 * One hit per key, the best, with the documents it stands for (and those they stood for) in `collapsed`, best first,
 * and what found any of them; hits without a key stay on their own.
 */
export function collapseBy(hits: Hit[], keyOf: (hit: Hit) => string | null | undefined): Hit[] {
  const leads = new Map<string, Hit>();
  const out: Hit[] = [];
  for (const hit of hits) {
    const key = keyOf(hit);
    const lead = key ? leads.get(key) : undefined;
    if (lead) {
      lead.collapsed = [...(lead.collapsed ?? []), hit.documentId, ...(hit.collapsed ?? [])];
      lead.matchedBy = [...new Set([...lead.matchedBy, ...hit.matchedBy])];
    } else {
      const copy = { ...hit };
      if (key) leads.set(key, copy);
      out.push(copy);
    }
  }
  return out;
}
