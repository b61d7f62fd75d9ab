/**
 * Turns what a user typed into a safe FTS5 expression. Every term is quoted, so FTS5 syntax in the input (`"`,
 * `NEAR`, `*`, `col:`, parentheses) is only ever text. Terms split where FTS5's unicode61 tokenizer splits.
 */
export const MAX_QUERY_TERMS = 32;

const WORD = /[\p{L}\p{N}]+/gu;

export function queryTerms(query: string): string[] {
  const terms: string[] = [];
  const seen = new Set<string>();
  for (const match of query.normalize("NFKC").toLowerCase().matchAll(WORD)) {
    const term = match[0];
    if (seen.has(term)) continue;
    seen.add(term);
    terms.push(term);
    if (terms.length >= MAX_QUERY_TERMS) break;
  }
  return terms;
}

/** `"a" "b" "c"` (all terms) or `"a" OR "b" OR "c"` (any term). */
export function ftsExpression(terms: string[], join: "AND" | "OR"): string {
  return terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(join === "AND" ? " " : " OR ");
}

/**
 * Highlight ranges in a passage for the query terms: a word matches when it starts with the term, or with the
 * term's stem-ish prefix, so "appropriations" lights up for "appropriation".
 */
export function highlightRanges(text: string, terms: string[]): [number, number][] {
  if (terms.length === 0) return [];
  const prefixes = terms.map((t) => (t.length > 5 ? t.slice(0, t.length - 2) : t));
  const ranges: [number, number][] = [];
  for (const match of text.matchAll(WORD)) {
    const word = match[0].toLowerCase();
    if (prefixes.some((p) => word.startsWith(p))) ranges.push([match.index, match.index + match[0].length]);
  }
  return ranges;
}
