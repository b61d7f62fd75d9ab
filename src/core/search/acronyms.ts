/**
 * Acronyms as search tokens of their own. The keyword index stems every word, so the `CARES` of the CARES Act is
 * stored as `care`, and a search for it drowned in every passage about care (SECURE, HEROES and JOBS fared the same).
 * A word in capitals amid ordinary text (`the CARES Act`, `Veterans CARE Act`) is therefore also indexed as it is
 * written, in the chunk's `units`: `acrcares0`, a token no stemming rule changes since it ends in a digit. A query
 * word in capitals asks for that token (see query-parser.ts). Words of a heading set all in capitals are no acronyms
 * and are left out.
 */

const CAPITALS = /^[A-Z]{2,15}$/;
const CANDIDATE = /(?<![\p{L}\p{N}])[A-Z]{2,15}(?![\p{L}\p{N}])/gu;
/** Splits text into separators and words by turns, starting with a separator. */
const SPLIT = /([\p{L}\p{N}]+)/u;
const CLAUSE_END = /[,;:()[\]{}"“”'‘’]/u;
/** Numbers and single capitals (`SEC. 2.`, `U.S.`, `TITLE I`) neither end a run of capitals nor count in it. */
const NEUTRAL = /^(?:\p{N}+|\p{Lu})$/u;
/** A word of capitals, digits allowed (`117TH CONGRESS`, `1ST SESSION`). */
const UPPER = /^(?=.*\p{Lu})[\p{Lu}\p{N}]+$/u;
/** Before a surname set in capitals, as the Congressional Record and bills name members (`Mr. WARNER`). */
const HONORIFIC = /^(?:Mr|Mrs|Ms|Miss|Dr)$/;
/** What follows the `SEC` of a section's designation (`SEC. 2.`), which is not the SEC. */
const DESIGNATION = /^\.\s*\d/;
/** Characters on each side of a candidate that are looked through for its neighbouring words. */
const REACH = 64;

/** Whether a word is written as an acronym: 2 to 15 capital letters, nothing else. */
export function isAcronym(word: string): boolean {
  return CAPITALS.test(word);
}

/** The index token of an acronym. */
export function acronymToken(word: string): string {
  return `acr${word.toLowerCase()}0`;
}

/**
 * The distinct acronym tokens of a text, in order of first appearance: words of capitals not in a run of them, the
 * nearest words on each side (past numbers and single letters, within a clause) not being in capitals. `the CARES
 * Act` and `the EPA, NASA and NOAA` have them; `SEC. 2. AMENDMENTS TO THE MCKINNEY-VENTO HOMELESS ASSISTANCE ACT.`
 * has none, and neither have `SEC. 2. Short title.` and `Mr. WARNER (for himself)`.
 */
export function acronymTokens(text: string): string[] {
  const tokens = new Set<string>();
  for (const m of text.matchAll(CANDIDATE)) {
    const token = acronymToken(m[0]);
    if (tokens.has(token)) continue;
    const end = m.index + m[0].length;
    if (DESIGNATION.test(text.slice(end, end + 8))) continue;
    const before = text
      .slice(Math.max(0, m.index - REACH), m.index)
      .split(SPLIT)
      .reverse();
    const after = text.slice(end, end + REACH).split(SPLIT);
    if (HONORIFIC.test(before[1] ?? "")) continue;
    if (!nextIsCapitals(before) && !nextIsCapitals(after)) tokens.add(token);
  }
  return [...tokens];
}

/**
 * Whether the nearest word that is not neutral, in `parts` (separators and words by turns, the nearest first), is in
 * capitals; a separator ending a clause (`,` `;` a bracket, a quote) ends the search.
 */
function nextIsCapitals(parts: string[]): boolean {
  for (let i = 0; i + 1 < parts.length; i += 2) {
    if (CLAUSE_END.test(parts[i] as string)) return false;
    const word = parts[i + 1] as string;
    if (!NEUTRAL.test(word)) return UPPER.test(word);
  }
  return false;
}

/** The value of a chunk's `acronyms` column, and the start of its `units` (see index-statements.ts). */
export function acronymField(text: string): string {
  return acronymTokens(text).join(" ");
}
