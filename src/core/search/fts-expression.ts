/**
 * The FTS5 expression of a parsed query (see query-parser.ts). Everything in it is generated from the parse: a word is
 * quoted as a string, so nothing a user types is ever FTS5 syntax.
 */
import { acronymToken } from "./acronyms";
import type { Alternative, ParsedQuery, QueryGroup } from "./query-parser";

/**
 * Where a prefix matches: the words of titles, headings and text, not the units column's citation and acronym tokens
 * (`acrepa0` for "EPA"), which are searched by their own syntax: `acre*` (stemmed `acr`) matched every passage naming
 * an acronym, half the corpus, where its words are in 227 passages.
 */
const WORD_COLUMNS = "{title heading text}";

function quote(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

export function alternativeExpression(a: Alternative): string {
  switch (a.kind) {
    case "term":
      return quote(a.term);
    case "prefix":
      if (!a.terms) return `${WORD_COLUMNS} : ${quote(a.term)}*`;
      return `${WORD_COLUMNS} : (${a.terms.map((t) => quote(t.word)).join(" OR ")})`;
    case "acronym":
      return quote(acronymToken(a.term));
    case "phrase":
      return quote(a.words.join(" "));
    case "unit":
      // The token alone: the index holds it for every citation it recognised, and the spelled-out forms
      // (`h r 2000`) are phrases of very common tokens, slow to match at scale.
      if (!a.family || !a.unit.family) return quote(a.unit.token);
      return `(${[quote(a.unit.token), ...a.unit.family.map((prefix) => `${quote(prefix)}*`)].join(" OR ")})`;
  }
}

export function groupExpression(group: QueryGroup): string {
  const parts = group.alternatives.map(alternativeExpression);
  return parts.length === 1 ? (parts[0] as string) : `(${parts.join(" OR ")})`;
}

/**
 * Words of excluded prefixes a ranking statement checks each match against, at most: FTS5 steps through every one for
 * each match (`tax` minus 32 frequent prefixes, 3,000 words, took 0.85 s a statement at 1M chunks). Beyond them, the
 * exclusions are left to the documents' check that follows ranking (`excludedDocuments`), which applies them to whole
 * documents anyway.
 */
const MAX_EXCLUDED_WORDS = 500;

/**
 * The FTS5 expression of the query: every group (`AND`) or any group (`OR`), minus the excluded groups (those whose
 * prefixes stand for `MAX_EXCLUDED_WORDS` words or fewer). Null when there is nothing positive to search for (only
 * exclusions, or no words at all).
 */
export function ftsExpression(parsed: Pick<ParsedQuery, "excluded">, groups: QueryGroup[], join: "AND" | "OR") {
  if (groups.length === 0) return null;
  const positive = groups.map(groupExpression).join(` ${join} `);
  const words = parsed.excluded
    .flatMap((g) => g.alternatives)
    .reduce((sum, a) => sum + (a.kind === "prefix" ? (a.terms?.length ?? 0) : 0), 0);
  const excluded =
    words > MAX_EXCLUDED_WORDS
      ? parsed.excluded.filter((g) => !g.alternatives.some((a) => a.kind === "prefix" && a.terms))
      : parsed.excluded;
  if (excluded.length === 0) return positive;
  return `(${positive}) NOT (${excluded.map(groupExpression).join(" OR ")})`;
}

/**
 * A group matched in the title column only: an acronym as its word, since titles are indexed as words and only
 * passages hold acronym tokens (`VA` in "VA MISSION Act of 2018").
 */
export function titleExpression(parsed: Pick<ParsedQuery, "excluded">, group: QueryGroup): string {
  const alternatives = group.alternatives.map(
    (a): Alternative => (a.kind === "acronym" ? { kind: "term", term: a.term } : a),
  );
  return `title : (${ftsExpression(parsed, [{ alternatives }], "AND")})`;
}
