import { stemmer } from "stemmer";
import type { ParsedQuery } from "./query-parser";
import { findUnits } from "./units";

/** A letter or digit beyond ASCII (a word is a run of letters and digits: `[\p{L}\p{N}]+`). */
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
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

/** What a query highlights, worked out once per parsed query rather than once per passage, snippet and heading. */
interface Highlighter {
  /** Whether a word as written matches a term or prefix of the query, once both are normalized and stemmed. */
  matchesTerm: ((word: string) => boolean) | null;
  /** Acronyms as written, in capitals. */
  acronyms: Set<string> | null;
  /** Each phrase's stems. */
  phrases: string[][];
  unit: ((token: string) => boolean) | null;
}

/** Keyed by the parsed query a search presents its results for: its passages share their words' verdicts. */
const HIGHLIGHTERS = new WeakMap<ParsedQuery, Highlighter>();
/** Words a query keeps verdicts for; a query's results hold a few thousand distinct words. */
const MAX_VERDICTS = 20_000;

function highlighter(parsed: ParsedQuery): Highlighter {
  let found = HIGHLIGHTERS.get(parsed);
  if (found) return found;
  const alternatives = parsed.groups.flatMap((g) => g.alternatives);
  // A word is only tried against the terms whose stems start with the same two letters (see `leading`), rather than
  // against every term of a pasted paragraph (a stem of one letter is a word of one letter).
  const byStart = new Map<string, { stem: string; prefix: boolean }[]>();
  for (const a of alternatives) {
    if (a.kind !== "term" && a.kind !== "prefix") continue;
    const term = { stem: stem(a.term), prefix: a.kind === "prefix" };
    const key = term.stem.slice(0, 2);
    byStart.set(key, [...(byStart.get(key) ?? []), term]);
  }
  const verdicts = new Map<string, boolean>();
  const acronyms = new Set(alternatives.flatMap((a) => (a.kind === "acronym" ? [a.term.toUpperCase()] : [])));
  found = {
    matchesTerm:
      byStart.size === 0
        ? null
        : (raw) => {
            let verdict = verdicts.get(raw);
            if (verdict === undefined) {
              const word = normalized(raw);
              const terms = byStart.get(leading(word));
              verdict = terms?.some((t) => (t.prefix ? stem(word).startsWith(t.stem) : stem(word) === t.stem)) ?? false;
              if (verdicts.size < MAX_VERDICTS) verdicts.set(raw, verdict);
            }
            return verdict;
          },
    acronyms: acronyms.size > 0 ? acronyms : null,
    phrases: alternatives.flatMap((a) => (a.kind === "phrase" ? [a.words.map(stem)] : [])),
    unit: unitMatcher(parsed),
  };
  HIGHLIGHTERS.set(parsed, found);
  return found;
}

/**
 * Ranges of what the query matched in `text`: terms, prefixes, acronyms, whole phrases and citations, sorted,
 * disjoint.
 */
export function highlightQuery(text: string, parsed: ParsedQuery): Range[] {
  if (parsed.groups.length === 0) return [];
  const { matchesTerm, acronyms, phrases, unit } = highlighter(parsed);
  const ranges: Range[] = [];
  // Words' verdicts are kept by the word as written, so a passage's words are normalized only for its phrases.
  const words: { word: string; start: number; end: number }[] = [];
  forEachWord(text, (start, end) => {
    const raw = text.slice(start, end);
    if (phrases.length > 0) words.push({ word: normalized(raw), start, end });
    // An acronym matches itself as written, in capitals: `CARES`, not `cares` or `care`.
    if (matchesTerm?.(raw) || acronyms?.has(raw)) ranges.push([start, end]);
  });
  for (const stems of phrases) {
    const [first] = stems;
    const lead = (first as string).slice(0, 2);
    for (let i = 0; i + stems.length <= words.length; i++) {
      const { word } = words[i] as { word: string };
      if (leading(word) !== lead || stem(word) !== first) continue;
      if (stems.every((s, k) => stem((words[i + k] as { word: string }).word) === s)) {
        ranges.push([(words[i] as { start: number }).start, (words[i + stems.length - 1] as { end: number }).end]);
      }
    }
  }
  if (unit) for (const u of findUnits(text)) if (unit(u.token)) ranges.push([u.start, u.end]);
  return merge(ranges);
}

/**
 * The first two letters of a word's stem, without stemming it when it is ASCII: Porter's algorithm leaves them be, so
 * only the words that share them with a term need stemming.
 */
function leading(word: string): string {
  return (NON_ASCII.test(word) ? stem(word) : word).slice(0, 2);
}

/** A word as the index compares it: compatibility-normalized (ASCII needs none) and lower-cased. */
function normalized(raw: string): string {
  return (NON_ASCII.test(raw) ? raw.normalize("NFKC") : raw).toLowerCase();
}

/**
 * Calls `visit` with the bounds of each run of letters and digits in `text`, as `/[\p{L}\p{N}]+/gu` would find
 * them: a scan by character code, which leaves the regular expression to characters beyond ASCII (a third of the
 * time of matching every passage, 6 against 20 µs for 600 characters, and no match objects to collect).
 */
function forEachWord(text: string, visit: (start: number, end: number) => void): void {
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let width = 1;
    let inWord: boolean;
    if (code < 128) {
      inWord = (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 122);
    } else {
      const point = text.codePointAt(i) as number;
      width = point > 0xffff ? 2 : 1;
      inWord = WORD_CHAR.test(String.fromCodePoint(point));
    }
    if (inWord) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      visit(start, i);
      start = -1;
    }
    i += width - 1;
  }
  if (start >= 0) visit(start, text.length);
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
