import { isAcronym } from "./acronyms";
import { findUnits, type Unit } from "./units";

/**
 * The query language users type: `"exact phrase"`, `-exclude`, `a OR b`, `prefix*`, and bill numbers and citations
 * (`H.R. 2000`, `42 U.S.C. 1395`, `Pub. L. 116-136`) as units, and a word in capitals (`CARES`) as an acronym (see
 * acronyms.ts) unless the whole query is in capitals, as is the first word of a name typed in any case (`cares act`).
 * Everything else is words: FTS5 syntax (`NEAR`, `col:`, `^`, parentheses, an unbalanced quote) is only ever text,
 * because the expression is generated from the parse, never copied from the input.
 */
export type Alternative =
  | { kind: "term"; term: string }
  /** With `terms`, the index's terms under it, matched as their OR (see prefixes.ts). */
  | { kind: "prefix"; term: string; terms?: PrefixTerm[] }
  /** A word written in capitals, as the index holds it beside its stem; `term` is in lower case. */
  | { kind: "acronym"; term: string }
  | { kind: "phrase"; words: string[] }
  /** With `family`, also the sections numbered under a cited one (see `Unit.family`). */
  | { kind: "unit"; unit: Unit; family?: boolean };

/**
 * A term of the index under a prefix: a word that matches it, and how many passages hold it in the columns a prefix
 * matches (summed over them: at most that many).
 */
export interface PrefixTerm {
  word: string;
  passages: number;
}

/** Alternatives joined by `OR`; a query is the AND of its groups, minus its excluded groups. */
export interface QueryGroup {
  alternatives: Alternative[];
}

export interface ParsedQuery {
  groups: QueryGroup[];
  excluded: QueryGroup[];
  /** Set when question words were dropped (see `QUESTION_WORDS`): the query is asked, not a list of required words. */
  question?: true;
  /** Letters typed as prefixes (`c*`), too short to be one (see `MIN_PREFIX`): searched as the letter. */
  tooShort?: string[];
}

export const MAX_QUERY_GROUPS = 32;
/**
 * Words of a quoted phrase that are matched. FTS5 reads the positions of every word of a phrase over the whole index,
 * so a pasted sentence in quotes (36 words, most of them common) took 40-100 ms a statement at 1M chunks; a longer
 * phrase is matched by its window of this many words that looks rarest (long words, no stopwords), which occurs
 * nearly only where the whole phrase does.
 */
export const MAX_PHRASE_WORDS = 6;
/**
 * Letters a prefix needs: `co*` is matched as the OR of the words under it (458 at 1M chunks, see prefixes.ts), where
 * one letter stands for over a thousand words in millions of passages, and the highlighter files a query's terms by
 * their first two letters. A single letter with `*` is searched as the letter.
 */
const MIN_PREFIX = 2;
const WORD = /[\p{L}\p{N}]+/gu;

/** Words too common to narrow a search; dropped unless the query has nothing else (or quotes them). */
const STOPWORDS = new Set(
  "a an and are as at be but by for from has have in into is it its of on or such that the their there these this to was were will with shall may".split(
    " ",
  ),
);

/**
 * The words that make a query a question (`how much funding for homeland security in 2015`, `when was the social
 * security act amended`), dropped as stopwords are; unlike stopwords they are still acronyms in capitals (`WHO`). As
 * words of their own they made a question a paragraph of required words: no passage held `how` with the rest, and the
 * Department of Homeland Security Appropriations Act, 2015 was not in the first ten.
 */
const QUESTION_WORDS = new Set(
  "what which who whom whose how when where why do does did can could would should".split(" "),
);

function wordsOf(text: string): string[] {
  return text.normalize("NFKC").toLowerCase().match(WORD) ?? [];
}

interface Item {
  negated: boolean;
  alternative: Alternative | null;
  /** Plain words of a bare token, each its own group. */
  words?: string[];
  or?: boolean;
  quoted?: boolean;
  /** Acronyms a quoted phrase has (`"CARES Act"`), which its stemmed words cannot tell apart (`"CARE Act"`). */
  acronyms?: string[];
  /** A letter typed as a prefix (`c*`). */
  tooShort?: true;
  /** Where the item was typed in the input, its `-` included. */
  start: number;
  end: number;
}

/** Splits the input into items, honouring quotes only when they are balanced. */
function lex(input: string): Item[] {
  const units = new Map(findUnits(input).map((u) => [u.start, u]));
  const acronyms = readsAcronyms(input);
  const items: Item[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    if (/\s/u.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    const emit = (item: Omit<Item, "start" | "end">, end: number) => items.push({ ...item, start, end });
    let negated = false;
    let at = i;
    if (ch === "-" && at + 1 < input.length && !/\s/u.test(input[at + 1] as string)) {
      negated = true;
      at++;
    }
    const unit = units.get(at);
    if (unit) {
      emit({ negated, alternative: { kind: "unit", unit } }, unit.end);
      i = unit.end;
      continue;
    }
    if (input[at] === '"') {
      const close = input.indexOf('"', at + 1);
      if (close > at) {
        const quoted = input.slice(at + 1, close);
        const words = wordsOf(quoted);
        // As in the index, capitals among ordinary words: not a heading quoted in capitals (`"SHORT TITLE"`). Only in
        // a phrase matched whole, as names are: not in a quoted paragraph, matched by a window of its words.
        const named =
          acronyms && words.length > 1 && words.length <= MAX_PHRASE_WORDS && /\p{Ll}/u.test(quoted)
            ? [...new Set(quoted.split(/\s+/u).flatMap((raw) => acronymOf(raw) ?? []))]
            : [];
        if (words.length > 0) {
          emit({ negated, alternative: phraseOrTerm(words), quoted: true, acronyms: named }, close + 1);
        }
        i = close + 1;
        continue;
      }
      // An unbalanced quote is text, and text it has none.
      i = at + 1;
      continue;
    }
    let end = at;
    while (end < input.length && !/\s/u.test(input[end] as string) && !(end > at && units.has(end))) end++;
    const raw = input.slice(at, end);
    i = end;
    if (raw === "OR" && !negated) {
      emit({ negated: false, alternative: null, or: true }, end);
      continue;
    }
    const words = wordsOf(raw);
    if (words.length === 0) continue;
    const acronym = acronyms && words.length === 1 ? acronymOf(raw) : null;
    const prefix = words.length === 1 && raw.endsWith("*");
    if (prefix && (words[0] as string).length >= MIN_PREFIX) {
      emit({ negated, alternative: { kind: "prefix", term: words[0] as string } }, end);
    } else if (prefix) {
      emit({ negated, alternative: phraseOrTerm(words), tooShort: true }, end);
    } else if (acronym) {
      emit({ negated, alternative: { kind: "acronym", term: acronym } }, end);
    } else if (negated || words.length === 1) {
      emit({ negated, alternative: phraseOrTerm(words) }, end);
    } else {
      emit({ negated, alternative: null, words }, end);
    }
  }
  return items;
}

/**
 * A popular name typed in any case (`cares act`, `the Jobs Act`, `CARES ACT`): when the query's first word is followed
 * by `act`, it is read as the acronym such names nearly always are, since stemmed it is usually a common word (`cares`
 * is `care`). An acronym no passage has is searched as the word again (keyword.ts `asRanked`). Only the first word:
 * in `affordable care act`, `care` is a word.
 */
function namedFirst(items: Item[]): Item[] {
  const at = items.findIndex((item) => !(item.alternative?.kind === "term" && item.alternative.term === "the"));
  const [name, next] = [items[at], items[at + 1]];
  if (!name || name.negated || name.quoted || name.alternative?.kind !== "term") return items;
  if (next?.negated || next?.alternative?.kind !== "term" || next.alternative.term !== "act") return items;
  const { term } = name.alternative;
  if (!/^\p{L}{2,15}$/u.test(term) || STOPWORDS.has(term)) return items;
  return items.with(at, { ...name, negated: false, alternative: { kind: "acronym", term } });
}

/**
 * A quoted phrase's acronyms are also required, each as a group of its own: the phrase is matched on stems, so
 * `"CARES Act"` alone would match "Veterans CARE Act". Not for an excluded phrase, nor one joined by `OR`, where an
 * added group would change what the query means.
 */
function withPhraseAcronyms(items: Item[]): Item[] {
  return items.flatMap((item, i) =>
    item.acronyms?.length && !item.negated && !items[i - 1]?.or && !items[i + 1]?.or
      ? [
          item,
          ...item.acronyms.map(
            (term): Item => ({
              negated: false,
              alternative: { kind: "acronym", term },
              start: item.start,
              end: item.end,
            }),
          ),
        ]
      : [item],
  );
}

/**
 * Whether capitals mark acronyms in this query: not when it is written all in capitals and has more than one word
 * (`CARES ACT`, typed with the caps lock on), where they mark nothing.
 */
function readsAcronyms(input: string): boolean {
  if (/\p{Ll}/u.test(input)) return true;
  return (input.normalize("NFKC").match(WORD) ?? []).filter((word) => word !== "OR").length <= 1;
}

/** Words in capitals that users type as operators of other search engines, not as acronyms. */
const OPERATORS = new Set(["AND", "OR", "NOT", "NEAR"]);

/**
 * The lower-cased word of a bare token written as an acronym (`CARES`, `(CARES)`), unless it is a stopword or an
 * operator.
 */
function acronymOf(raw: string): string | null {
  const [word, ...more] = raw.normalize("NFKC").match(WORD) ?? [];
  if (!word || more.length > 0 || !isAcronym(word) || OPERATORS.has(word)) return null;
  return STOPWORDS.has(word.toLowerCase()) ? null : word.toLowerCase();
}

function phraseOrTerm(words: string[]): Alternative {
  if (words.length === 1) return { kind: "term", term: words[0] as string };
  return { kind: "phrase", words: words.length > MAX_PHRASE_WORDS ? rarestWindow(words) : words };
}

/** The `MAX_PHRASE_WORDS` consecutive words with the most letters outside stopwords (the first such, on a tie). */
function rarestWindow(words: string[]): string[] {
  const weight = (w: string) => (STOPWORDS.has(w) || QUESTION_WORDS.has(w) ? 0 : w.length);
  let best = 0;
  let bestWeight = -1;
  for (let start = 0; start + MAX_PHRASE_WORDS <= words.length; start++) {
    const total = words.slice(start, start + MAX_PHRASE_WORDS).reduce((sum, w) => sum + weight(w), 0);
    if (total > bestWeight) {
      best = start;
      bestWeight = total;
    }
  }
  return words.slice(best, best + MAX_PHRASE_WORDS);
}

/**
 * Parses a query; never throws. A bare token of several words (`col:value`, `e-mail`) gives one group per word, and
 * stopwords are dropped unless they are all the query has.
 */
export function parseQuery(input: string): ParsedQuery {
  const groups: QueryGroup[] = [];
  const excluded: QueryGroup[] = [];
  let joinNext = false;
  let last: QueryGroup | null = null;
  const shortPrefixes: string[] = [];
  for (const item of withPhraseAcronyms(namedFirst(lex(input)))) {
    if (item.tooShort && item.alternative?.kind === "term") shortPrefixes.push(item.alternative.term);
    if (item.or) {
      joinNext = last !== null;
      continue;
    }
    const alternatives: Alternative[] = item.alternative
      ? [item.alternative]
      : (item.words ?? []).map((term) => ({ kind: "term", term }) as const);
    if (item.negated) {
      excluded.push({ alternatives });
      joinNext = false;
      continue;
    }
    const [first, ...rest] = alternatives;
    if (!first) continue;
    if (joinNext && last) last.alternatives.push(first);
    else {
      last = { alternatives: [first] };
      groups.push(last);
    }
    for (const alternative of rest) {
      last = { alternatives: [alternative] };
      groups.push(last);
    }
    joinNext = false;
  }
  const meaningful = groups.filter((g) => !isStopword(g) && !isQuestionWord(g));
  const question = meaningful.length > 0 && groups.some(isQuestionWord);
  const searched = (meaningful.length > 0 ? meaningful : groups).slice(0, MAX_QUERY_GROUPS);
  const excludes = excluded.slice(0, MAX_QUERY_GROUPS);
  const terms = [...searched, ...excludes].flatMap((g) =>
    g.alternatives.flatMap((a) => (a.kind === "term" ? [a.term] : [])),
  );
  const tooShort = [...new Set(shortPrefixes.filter((letter) => terms.includes(letter)))];
  return {
    groups: searched,
    excluded: excludes,
    ...(question ? { question } : {}),
    ...(tooShort.length > 0 ? { tooShort } : {}),
  };
}

/**
 * The query without what it excludes, as the model reads it: `broadband -rural` means broadband, and the model would
 * read `-rural` as rural. The words a query excludes are kept out of its results by their text instead.
 */
export function withoutExclusions(input: string): string {
  if (!input.includes("-")) return input;
  const excluded = lex(input).filter((item) => item.negated);
  if (excluded.length === 0) return input;
  let kept = "";
  let at = 0;
  for (const item of excluded) {
    kept += `${input.slice(at, item.start)} `;
    at = item.end;
  }
  return `${kept}${input.slice(at)}`.replace(/\s+/gu, " ").trim();
}

/** Whether the query requires a quoted phrase (`"paycheck protection program"`, not `"a b" OR c`). */
export function quotesPhrase(parsed: ParsedQuery): boolean {
  return parsed.groups.some((g) => g.alternatives.every((a) => a.kind === "phrase"));
}

export function onlyUnits(parsed: ParsedQuery): boolean {
  return parsed.groups.length > 0 && parsed.groups.every((g) => g.alternatives.every((a) => a.kind === "unit"));
}

/** What a search says of the letters typed as prefixes (`c*`), if any. */
export function tooShortWarning(parsed: ParsedQuery): string | undefined {
  const letters = parsed.tooShort?.map((l) => `${l}* was searched as ${l}`);
  return letters && `a prefix needs two letters or more: ${letters.join(", ")}`;
}

function isStopword(group: QueryGroup): boolean {
  return group.alternatives.every((a) => a.kind === "term" && STOPWORDS.has(a.term));
}

function isQuestionWord(group: QueryGroup): boolean {
  return group.alternatives.every((a) => a.kind === "term" && QUESTION_WORDS.has(a.term));
}

/** A group as typed in the query language (`insulin`, `"surprise billing"`, `tax OR tariff`); none for citations. */
export function groupText(group: QueryGroup): string[] {
  const texts = group.alternatives.map((a) => {
    if (a.kind === "phrase") return `"${a.words.join(" ")}"`;
    if (a.kind === "prefix") return `${a.term}*`;
    if (a.kind === "acronym") return a.term.toUpperCase();
    return a.kind === "term" ? a.term : null;
  });
  return texts.includes(null) ? [] : [texts.join(" OR ")];
}
