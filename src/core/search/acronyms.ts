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
const WORD_CHARACTER = /^[\p{L}\p{N}]$/u;
/** Separators that end a clause: `,` `;` `:` brackets and quotes. */
const CLAUSE_END = new Set(",;:()[]{}\"“”'‘’");
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
    const before = Math.max(0, m.index - REACH);
    const nearest = nextWord(text, m.index, before);
    if (nearest && HONORIFIC.test(text.slice(nearest.start, nearest.end))) continue;
    if (!nextIsCapitals(text, m.index, before) && !nextIsCapitals(text, end, Math.min(text.length, end + REACH))) {
      tokens.add(token);
    }
  }
  return [...tokens];
}

/**
 * Whether the nearest word that is not neutral, from `at` towards `bound` (backwards when `bound` is below), is in
 * capitals; a separator ending a clause (`,` `;` a bracket, a quote) ends the search.
 */
function nextIsCapitals(text: string, at: number, bound: number): boolean {
  for (let word = nextWord(text, at, bound); word && !word.clauseEnd; word = nextWord(text, word.next, bound)) {
    const value = text.slice(word.start, word.end);
    if (!NEUTRAL.test(value)) return UPPER.test(value);
  }
  return false;
}

/**
 * The next word (letters and digits) from `at` towards `bound`, not past it: its range, where to go on from, and
 * whether the separator crossed to reach it ends a clause; null when there is none before `bound`. Scanning the
 * characters rather than splitting the text around each candidate made a chunk's acronyms three times faster (the
 * search benchmark's generated chunks 47 → 146 MB/s, the corpus's 110 → 239).
 */
function nextWord(
  text: string,
  at: number,
  bound: number,
): { start: number; end: number; next: number; clauseEnd: boolean } | null {
  const forward = bound >= at;
  let i = at;
  let clauseEnd = false;
  let width = 0;
  for (;;) {
    width = characterWidth(text, i, bound, forward);
    if (width === 0) return null;
    if (wordCharacter(text, i, width, forward)) break;
    if (CLAUSE_END.has(text[forward ? i : i - 1] as string)) clauseEnd = true;
    i += forward ? width : -width;
  }
  const from = i;
  while (width > 0 && wordCharacter(text, i, width, forward)) {
    i += forward ? width : -width;
    width = characterWidth(text, i, bound, forward);
  }
  return { start: forward ? from : i, end: forward ? i : from, next: i, clauseEnd };
}

/** Code units of the character after `i` (before it, backwards) within `bound`: 2 for a surrogate pair, 0 at the bound. */
function characterWidth(text: string, i: number, bound: number, forward: boolean): number {
  if (forward ? i >= bound : i <= bound) return 0;
  const code = text.charCodeAt(forward ? i : i - 1);
  const pair = forward
    ? isHighSurrogate(code) && i + 1 < bound && isLowSurrogate(text.charCodeAt(i + 1))
    : isLowSurrogate(code) && i - 1 > bound && isHighSurrogate(text.charCodeAt(i - 2));
  return pair ? 2 : 1;
}

function wordCharacter(text: string, i: number, width: number, forward: boolean): boolean {
  const start = forward ? i : i - width;
  const code = text.charCodeAt(start);
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return WORD_CHARACTER.test(text.slice(start, start + width));
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** The value of a chunk's `acronyms` column, and the start of its `units` (see index-statements.ts). */
export function acronymField(text: string): string {
  return acronymTokens(text).join(" ");
}
