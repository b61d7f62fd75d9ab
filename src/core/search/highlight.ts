import { stemmer } from "stemmer";
import type { ParsedQuery } from "./query-parser";
import { findUnits } from "./units";

const WORD = /[\p{L}\p{N}]+/gu;
/** ASCII needs no NFKC normalization, and most text is ASCII. */
const NON_ASCII = /[^\p{ASCII}]/u;
const SNIPPET_CHARS = 240;

export type Range = [number, number];

export interface Snippet {
  /** Plain text; never HTML, so document text cannot inject markup. */
  snippet: string;
  /** `[start, end)` ranges within `snippet`; a phrase is one range. */
  highlights: Range[];
  /** Where the snippet lies in the passage it was cut from. */
  start: number;
  end: number;
}

/** Stems by word: the vocabulary recurs from passage to passage. Cleared when full, which is rare and cheap. */
const STEMS = new Map<string, string>();
const MAX_STEMS = 100_000;

/**
 * A lower-cased word's stem as the keyword index stores it: `stemmer` is Porter's algorithm as FTS5's `porter`
 * tokenizer applies it (the same stem for each of the corpus's 27,584 distinct words), so a word is highlighted
 * exactly where the index matched it: `cares` marks `care` and `caring`, and `act` does not mark `actions`.
 */
export function stem(word: string): string {
  let found = STEMS.get(word);
  if (found === undefined) {
    if (STEMS.size >= MAX_STEMS) STEMS.clear();
    // The index folds diacritics away before it stems (`remove_diacritics 2`).
    found = stemmer(NON_ASCII.test(word) ? word.normalize("NFKD").replace(/\p{M}/gu, "") : word);
    STEMS.set(word, found);
  }
  return found;
}

/** Whether a normalized, lower-cased word matches a term, or starts with a prefix, once both are stemmed. */
function matches(w: string, term: { stem: string; prefix: boolean }): boolean {
  return term.prefix ? stem(w).startsWith(term.stem) : stem(w) === term.stem;
}

/**
 * Ranges of what the query matched in `text`: terms, prefixes, acronyms, whole phrases and citations, sorted,
 * disjoint.
 */
export function highlightQuery(text: string, parsed: ParsedQuery): Range[] {
  const alternatives = parsed.groups.flatMap((g) => g.alternatives);
  if (alternatives.length === 0) return [];
  // Each word is normalized once, not once per query term: a pasted paragraph has dozens of terms.
  const words = [...text.matchAll(WORD)].map((m) => ({
    word: (NON_ASCII.test(m[0]) ? m[0].normalize("NFKC") : m[0]).toLowerCase(),
    start: m.index,
    end: m.index + m[0].length,
  }));
  const ranges: Range[] = [];
  // Stemming keeps a word's first two letters, so a word is only tried against the terms whose stems start with
  // them, rather than against every term of a pasted paragraph (a stem of one letter is a word of one letter).
  const byStart = new Map<string, { stem: string; prefix: boolean }[]>();
  for (const a of alternatives) {
    if (a.kind !== "term" && a.kind !== "prefix") continue;
    const term = { stem: stem(a.term), prefix: a.kind === "prefix" };
    const key = term.stem.slice(0, 2);
    byStart.set(key, [...(byStart.get(key) ?? []), term]);
  }
  if (byStart.size > 0) {
    for (const w of words) {
      if (byStart.get(w.word.slice(0, 2))?.some((t) => matches(w.word, t))) ranges.push([w.start, w.end]);
    }
  }
  // An acronym matches itself as written, in capitals: `CARES`, not `cares` or `care`.
  const acronyms = new Set(alternatives.flatMap((a) => (a.kind === "acronym" ? [a.term.toUpperCase()] : [])));
  if (acronyms.size > 0) {
    for (const w of words) if (acronyms.has(text.slice(w.start, w.end))) ranges.push([w.start, w.end]);
  }
  for (const a of alternatives) {
    if (a.kind === "phrase") {
      const stems = a.words.map(stem);
      for (let i = 0; i + stems.length <= words.length; i++) {
        if (stems.every((s, k) => stem((words[i + k] as { word: string }).word) === s)) {
          ranges.push([(words[i] as { start: number }).start, (words[i + a.words.length - 1] as { end: number }).end]);
        }
      }
    }
  }
  const unit = unitMatcher(parsed);
  if (unit) for (const u of findUnits(text)) if (unit(u.token)) ranges.push([u.start, u.end]);
  return merge(ranges);
}

/**
 * Whether a citation or bill number token is one the query asked for, or one of the sections numbered under a cited
 * section the search widened to; null when the query has no such unit.
 */
export function unitMatcher(parsed: ParsedQuery): ((token: string) => boolean) | null {
  const units = parsed.groups.flatMap((g) => g.alternatives.flatMap((a) => (a.kind === "unit" ? [a] : [])));
  if (units.length === 0) return null;
  const tokens = new Set(units.map((a) => a.unit.token));
  const families = units.flatMap((a) => (a.family ? (a.unit.family ?? []) : []));
  return (token) => tokens.has(token) || families.some((f) => token.startsWith(f));
}

function merge(ranges: Range[]): Range[] {
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: Range[] = [];
  for (const r of ranges) {
    const last = out.at(-1);
    if (last && r[0] < last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/**
 * A window of the passage around its first match, cut at word boundaries, whitespace collapsed; highlights are
 * computed on the snippet itself so their offsets index it exactly. `marked` are ranges of the passage known to
 * match beyond what the text shows: citations the document's markup names (`section 552 of title 5, United States
 * Code` for `5 U.S.C. 552`).
 */
export function makeSnippet(text: string, parsed: ParsedQuery, marked: Range[] = []): Snippet {
  const first = densest(text, merge([...highlightQuery(text, parsed), ...marked]));
  let start = Math.max(0, first - Math.floor(SNIPPET_CHARS / 3));
  if (start > 0) {
    const space = text.indexOf(" ", start);
    start = space >= 0 && space < first ? space + 1 : start;
  }
  let end = Math.min(text.length, start + SNIPPET_CHARS);
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end);
    end = space > start ? space : end;
  }
  const { snippet, at } = collapseWhitespace(text.slice(start, end));
  const inSnippet = marked.flatMap(([s, e]): Range[] => {
    const [from, to] = [at(Math.max(s, start) - start), at(Math.min(e, end) - start)];
    return from < to ? [[from, to]] : [];
  });
  return { snippet, highlights: merge([...highlightQuery(snippet, parsed), ...inSnippet]), start, end };
}

/**
 * Where the snippet's matches begin: at the match followed, within the two thirds of a snippet that come after it,
 * by the most distinct matched words (the first such), so `Savanna's Act` shows the bill's short title rather than
 * the "AN ACT" it opens with.
 */
function densest(text: string, ranges: Range[]): number {
  let best = ranges[0]?.[0] ?? 0;
  let most = 0;
  for (let i = 0; i < ranges.length; i++) {
    const from = (ranges[i] as Range)[0];
    const words = new Set<string>();
    for (let j = i; j < ranges.length && (ranges[j] as Range)[1] <= from + (2 * SNIPPET_CHARS) / 3; j++) {
      const [s, e] = ranges[j] as Range;
      words.add(text.slice(s, e).toLowerCase());
    }
    if (words.size > most) {
      most = words.size;
      best = from;
    }
  }
  return best;
}

/** The text with each run of whitespace made one space, and where each of its offsets went. */
function collapseWhitespace(text: string): { snippet: string; at: (offset: number) => number } {
  const positions = new Array<number>(text.length + 1);
  let snippet = "";
  let inSpace = false;
  for (let i = 0; i < text.length; i++) {
    positions[i] = snippet.length;
    const ch = text[i] as string;
    const space = /\s/.test(ch);
    if (!space) snippet += ch;
    else if (!inSpace) snippet += " ";
    inSpace = space;
  }
  positions[text.length] = snippet.length;
  return { snippet, at: (offset) => positions[offset] as number };
}
