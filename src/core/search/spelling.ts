/**
 * Queries to try instead of one with a word no document holds: `helth care` → `health care`. Each such word's
 * neighbours one letter away (a letter missing, extra, wrong, or two swapped) are looked up in the keyword index; those
 * that documents hold, as written and not only by their stem, are offered, most frequent first.
 */
import type { SqlDatabase } from "../ports";
import { stem } from "./highlight";
import { FREQUENT } from "./keyword";

const LETTERS = "abcdefghijklmnopqrstuvwxyz";
/** Shorter words have too many neighbours to guess among (`bil`: bill, oil, nil, bid…), longer ones are not words. */
const WORD = /^[a-z]{4,24}$/;
/**
 * Longer queries are not corrected: a pasted passage's unknown words are names and terms, not typos (a bill summary's
 * `agave syrup, honey` would have offered `money`), and each word corrected costs a statement.
 */
const MAX_QUERY_WORDS = 8;
/**
 * A correction is likely what was meant when the word it puts in is common: in at least one passage in this many
 * (counted up to `FREQUENT`). A rare word one letter away is as likely a coincidence: `crypto`, which the corpus
 * lacks, is one letter from `crypt`, in 2 of its 19,000 passages; `goverment` from `government`, in 1,403.
 */
const COMMON_SHARE = 2000;
/** Queries offered, at most. */
const SUGGESTIONS = 3;
/** The most frequent neighbours checked in passages' text. */
const CHECKED = 8;
/**
 * Passages of a neighbour's stem read for the word as written: the index holds stems, so `mediced` (one letter from
 * `medicad`) matches every `medical`, and `overment` (from `goverment`) every `over`, though no document says either.
 */
const PASSAGES_READ = 200;

/**
 * The words one letter from `word`: two letters swapped, one replaced, one added, one removed, in that order (the
 * order ties between equally frequent words are broken in).
 */
export function oneEditAway(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i + 1 < word.length; i++) out.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  for (let i = 0; i < word.length; i++) for (const c of LETTERS) out.add(word.slice(0, i) + c + word.slice(i + 1));
  for (let i = 0; i <= word.length; i++) for (const c of LETTERS) out.add(word.slice(0, i) + c + word.slice(i));
  for (let i = 0; i < word.length; i++) out.add(word.slice(0, i) + word.slice(i + 1));
  out.delete(word);
  return [...out];
}

/**
 * Up to `SUGGESTIONS` words documents hold one letter from `word`, most frequent first (counted up to `FREQUENT`
 * passages), one per stem (`veterans`, not also `veteran`). One statement: every neighbour is a term lookup in the
 * index, 1-5 ms in all for words of 5 to 14 letters on the corpus.
 */
async function neighbours(db: SqlDatabase, word: string): Promise<Neighbour[]> {
  const { results } = await db
    .prepare(
      `WITH variants AS (
         SELECT j.key AS ord, j.value AS term, '{title heading text} : "' || j.value || '"' AS expression
         FROM json_each(?) j),
       counted AS (
         SELECT ord, term, expression,
                (SELECT count(*) FROM (
                   SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH v.expression LIMIT ${FREQUENT})) AS n
         FROM variants v),
       frequent AS (SELECT * FROM counted WHERE n > 0 ORDER BY n DESC, ord LIMIT ${CHECKED})
       SELECT term, n AS passages FROM frequent f WHERE EXISTS (
         SELECT 1 FROM (SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH f.expression LIMIT ${PASSAGES_READ}) m
         JOIN chunks c ON c.id = m.rowid
         WHERE ' ' || lower(c.title || ' ' || c.heading || ' ' || c.text) || ' ' GLOB '*[^a-z]' || f.term || '[^a-z]*')
       ORDER BY n DESC, ord`,
    )
    .bind(JSON.stringify(oneEditAway(word)))
    .all<Neighbour>();
  const stems = new Set<string>();
  return results.filter(({ term }) => !stems.has(stem(term)) && stems.add(stem(term))).slice(0, SUGGESTIONS);
}

interface Neighbour {
  term: string;
  /** Passages holding its stem, counted up to `FREQUENT`. */
  passages: number;
}

/** `word` written as `typed` is: capitalised or in capitals alike. */
function casedLike(typed: string, word: string): string {
  if (typed.length > 1 && typed === typed.toUpperCase()) return word.toUpperCase();
  return /^\p{Lu}/u.test(typed) ? word[0]?.toUpperCase() + word.slice(1) : word;
}

export interface Spelling {
  /**
   * The query `q` with its `unmatched` words (as `KeywordRanking.unmatched` gives them) replaced by words documents
   * hold: the first takes each word's likeliest neighbour, the next ones its next (up to `SUGGESTIONS`). Words of
   * other kinds (phrases, prefixes, acronyms) and words with no neighbour are kept as typed. Empty when nothing could
   * be replaced, and for queries of more than `MAX_QUERY_WORDS` words.
   */
  suggestions: string[];
  /** Whether the first suggestion is likely what was meant: each word it puts in is common (see `COMMON_SHARE`). */
  likely: boolean;
}

/** Corrections of a query's unmatched words. The whole index is consulted, not the query's filters. */
export async function spellingSuggestions(db: SqlDatabase, q: string, unmatched: string[]): Promise<Spelling> {
  const none = { suggestions: [], likely: false };
  if ((q.match(/[\p{L}\p{N}]+/gu)?.length ?? 0) > MAX_QUERY_WORDS) return none;
  const words = [...new Set(unmatched.filter((w) => WORD.test(w)))];
  const found = new Map<string, Neighbour[]>();
  for (const word of words) {
    const near = await neighbours(db, word);
    if (near.length > 0) found.set(word, near);
  }
  if (found.size === 0) return none;
  const suggestions: string[] = [];
  for (let k = 0; k < SUGGESTIONS; k++) {
    if (![...found.values()].some((near) => near.length > k)) break;
    const suggestion = q.replace(/[\p{L}\p{N}]+/gu, (typed) => {
      const near = found.get(typed.normalize("NFKC").toLowerCase());
      return near ? casedLike(typed, (near[Math.min(k, near.length - 1)] as Neighbour).term) : typed;
    });
    if (!suggestions.includes(suggestion)) suggestions.push(suggestion);
  }
  const passages = (await db.prepare("SELECT coalesce(max(id), 0) AS n FROM chunks").first<number>("n")) ?? 0;
  const likely = [...found.values()].every((near) => (near[0] as Neighbour).passages * COMMON_SHARE >= passages);
  return { suggestions, likely };
}
