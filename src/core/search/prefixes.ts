/**
 * Prefix queries (`con*`) matched as the terms the index holds under them. FTS5 answers a prefix by merging the
 * posting lists of every term under it before it returns a row, and does so again in every statement naming it:
 * `con*` took 100 ms a statement at 1M chunks (a search runs three or more), where the OR of its 166 terms returns its
 * first 1,000 matches in 1.3 ms, read a match at a time. The terms come from the index's vocabulary
 * (`chunks_fts_vocab`), which reads their posting lists once to count them (36 ms for `con` at 1M chunks), so a
 * caller keeps the lists for one index generation. Terms only the units column holds (citation and acronym tokens)
 * are left out, as a prefix does not match there (see `WORD_COLUMNS` in fts-expression.ts).
 */
import type { SqlDatabase } from "../ports";
import { stem } from "./highlight";
import { FREQUENT } from "./keyword";
import type { Alternative, ParsedQuery, PrefixTerm, QueryGroup } from "./query-parser";

/**
 * Terms beyond which a prefix is left to FTS5: an OR node steps through all its terms for each match, so its cost
 * grows faster than the list (first 1,000 matches at 1M chunks: 2,116 terms 13 ms, 4,615 terms 34 ms, 11,861 terms
 * 154 ms), and a prefix of that many terms is as slow either way.
 */
export const MAX_PREFIX_TERMS = 2000;

/** Words matching the terms under a prefix (see `wordFor`), by its stem; none when it is left as a prefix. */
export interface KnownPrefixes {
  get(stem: string): PrefixTerm[] | undefined;
  set(stem: string, terms: PrefixTerm[]): unknown;
}

type Prefix = Extract<Alternative, { kind: "prefix" }>;

/** Words as FTS5's tokenizer stores them without folding: the prefix's range of terms is then its stem's. */
const PLAIN = /^[a-z0-9]+$/;

/**
 * The query with each frequent prefix given the terms it stands for (`Alternative.terms`), in its groups and its
 * exclusions. A rare prefix stays a prefix: few postings make a quick merge, while bm25 of an OR reads every term's
 * list for its weight. The query itself when nothing changes.
 */
export async function withPrefixTerms(
  db: SqlDatabase,
  parsed: ParsedQuery,
  known?: KnownPrefixes,
): Promise<ParsedQuery> {
  const open = (a: Alternative): a is Prefix => a.kind === "prefix" && !a.terms && PLAIN.test(a.term);
  const stems = [
    ...new Set(
      [...parsed.groups, ...parsed.excluded].flatMap((g) =>
        g.alternatives.flatMap((a) => (open(a) ? [stem(a.term)] : [])),
      ),
    ),
  ];
  if (stems.length === 0) return parsed;
  const terms = new Map<string, PrefixTerm[]>();
  for (const s of stems) {
    let found = known?.get(s);
    if (found === undefined) {
      found = await termsUnder(db, s);
      known?.set(s, found);
    }
    terms.set(s, found);
  }
  if ([...terms.values()].every((t) => t.length === 0)) return parsed;
  const expand = (group: QueryGroup): QueryGroup => ({
    alternatives: group.alternatives.map((a): Alternative => {
      if (!open(a)) return a;
      const under = terms.get(stem(a.term));
      return under && under.length > 0 ? { ...a, terms: under } : a;
    }),
  });
  return { ...parsed, groups: parsed.groups.map(expand), excluded: parsed.excluded.map(expand) };
}

/**
 * Words for the terms under `prefix`, the most frequent first, when they are frequent (in `FREQUENT` passages, summed),
 * not too many, and each has a word; else none.
 */
async function termsUnder(db: SqlDatabase, prefix: string): Promise<PrefixTerm[]> {
  const after = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  const { results } = await db
    .prepare(
      `SELECT term, sum(doc) AS doc FROM chunks_fts_vocab WHERE term >= ? AND term < ? AND col <> 'units'
       GROUP BY term LIMIT ${MAX_PREFIX_TERMS + 1}`,
    )
    .bind(prefix, after)
    .all<{ term: string; doc: number }>();
  if (results.length > MAX_PREFIX_TERMS) return [];
  const postings = results.reduce((sum, r) => sum + r.doc, 0);
  if (postings < FREQUENT) return [];
  results.sort((a, b) => b.doc - a.doc);
  const terms: PrefixTerm[] = [];
  for (const { term, doc } of results) {
    const word = wordFor(term);
    if (word === null) return [];
    terms.push({ word, passages: doc });
  }
  return terms;
}

/**
 * A word the index stores as `term`: a query's words are stemmed as the passages' were, so a stem that stems further
 * (`congression`, from "congressional", would be searched as `congress`) is written with an `e`, which Porter's last
 * step drops and nothing before it takes (`congressione`); every such term of the corpus, 554 of 28,991 at 100k
 * chunks, is one. Null for a term neither reaches, or beyond ASCII, where the tokenizer folds what `stem` may not.
 */
function wordFor(term: string): string | null {
  if (!PLAIN.test(term)) return null;
  if (stem(term) === term) return term;
  return stem(`${term}e`) === term ? `${term}e` : null;
}
