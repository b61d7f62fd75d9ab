/**
 * The benchmark's query mix, drawn from real text: short queries (1-3 ordinary words), long ones (CRS summaries cut
 * to 80 words), rare terms (words in one or two passages), very frequent terms, quoted phrases taken from passages,
 * and bill numbers and citations (U.S. Code, public laws, regulations, Federal Register and Record pages). Kinds are
 * interleaved, so any prefix of the list is a balanced mix.
 */

import { BILL_TYPE_ABBREVIATIONS } from "../../src/formats/gov/bill-id";
import { tokenize } from "./text-model";

export const QUERY_KINDS = ["short", "long", "rare", "frequent", "phrase", "citation"] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

export interface BenchQuery {
  kind: QueryKind;
  q: string;
}

export interface QueryMixInput {
  /** Real passages: the vocabulary, document frequencies, phrases and citations come from them. */
  passages: readonly string[];
  /** Long natural-language queries (CRS summaries). */
  summaries: readonly string[];
  /** Bill ids as `{congress}-{type}-{number}` (`116-hr-2000`). */
  billIds: readonly string[];
  perKind: number;
  random: () => number;
}

export const FREQUENT_QUERIES = ["the", "shall", "section", "the secretary shall", "section of the", "such"];
const LONG_QUERY_WORDS = 80;
const WORD = /^[\p{L}]{3,}$/u;
/** Citations as passages write them: U.S. Code, public laws, bills, regulations, Federal Register and Record pages. */
const CITATION =
  /\b\d+ U\.S\.C\. \d+[a-z]?\b|\bPublic Law \d+[-–]\d+\b|\b(?:H\.R\.|S\.) ?\d+\b|\b\d+ CFR (?:part )?\d+(?:\.\d+)?\b|\b\d+ FR \d+\b|\b\d+ Cong\. Rec\. [HSE]\d+\b/g;
const BILL_TYPES: Record<string, string> = BILL_TYPE_ABBREVIATIONS;

/** `116-hr-2000` → `H.R. 2000`; null for an id of another shape. */
export function billCitation(billId: string): string | null {
  const match = /^\d+-([a-z]+)-(\d+)$/.exec(billId);
  const type = match ? BILL_TYPES[match[1] as string] : undefined;
  return match && type ? `${type} ${match[2]}` : null;
}

function pick<T>(items: readonly T[], random: () => number): T | undefined {
  return items.length === 0 ? undefined : items[Math.floor(random() * items.length)];
}

/** Lower-case words of each passage counted once per passage. */
export function documentFrequencies(passages: readonly string[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const passage of passages) {
    const seen = new Set<string>();
    for (const token of tokenize(passage.toLowerCase())) if (WORD.test(token)) seen.add(token);
    for (const word of seen) df.set(word, (df.get(word) ?? 0) + 1);
  }
  return df;
}

export function buildQueryMix(input: QueryMixInput): BenchQuery[] {
  const { passages, random, perKind } = input;
  const df = documentFrequencies(passages);
  const byFrequency = [...df.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
  // Ordinary words: below the 100 most frequent (function words and boilerplate), within the next 3000.
  const ordinary = byFrequency.slice(100, 3100);
  const rare = byFrequency.filter((w) => (df.get(w) ?? 0) <= 2 && w.length >= 5);
  const citations = [
    ...new Set([
      ...passages.flatMap((p) => p.match(CITATION) ?? []),
      ...input.billIds.flatMap((id) => billCitation(id) ?? []),
    ]),
  ];
  const summaries = input.summaries.filter((s) => s.trim().length > 0);

  const make: Record<QueryKind, (i: number) => string | undefined> = {
    short: () => {
      const n = 1 + Math.floor(random() * 3);
      return Array.from({ length: n }, () => pick(ordinary, random)).join(" ");
    },
    long: () => pick(summaries, random)?.split(/\s+/).slice(0, LONG_QUERY_WORDS).join(" "),
    rare: () => pick(rare, random),
    frequent: (i) => FREQUENT_QUERIES[i % FREQUENT_QUERIES.length],
    phrase: () => {
      for (let attempt = 0; attempt < 20; attempt++) {
        // Consecutive plain words, so the phrase occurs verbatim in the passage.
        const words = (pick(passages, random) ?? "").split(/\s+/);
        const n = 2 + Math.floor(random() * 3);
        if (words.length < n + 1) continue;
        const window = words.slice(Math.floor(random() * (words.length - n)));
        const phrase = window.slice(0, n);
        if (phrase.every((w) => /^[\p{L}]+$/u.test(w))) return `"${phrase.join(" ")}"`;
      }
      return undefined;
    },
    citation: () => pick(citations, random),
  };

  const queries: BenchQuery[] = [];
  for (let i = 0; i < perKind; i++) {
    for (const kind of QUERY_KINDS) {
      const q = make[kind](i)?.trim();
      if (q) queries.push({ kind, q });
    }
  }
  return queries;
}

/**
 * Splits `pool` into `count` batches of queries found neither in `exclude` nor in another batch, each kind dealt
 * round-robin so that every batch holds a like share of each kind (at most `perKind` of it), kinds interleaved.
 * For timing what a query costs the first time the server sees it: the server caches query embeddings.
 */
export function distinctBatches(options: {
  pool: readonly BenchQuery[];
  exclude: readonly BenchQuery[];
  count: number;
  perKind: number;
}): BenchQuery[][] {
  const seen = new Set(options.exclude.map((q) => q.q));
  const byKind = new Map<QueryKind, BenchQuery[]>();
  for (const query of options.pool) {
    if (seen.has(query.q)) continue;
    seen.add(query.q);
    const list = byKind.get(query.kind) ?? [];
    list.push(query);
    byKind.set(query.kind, list);
  }
  return Array.from({ length: options.count }, (_, batch) => {
    const dealt = QUERY_KINDS.map((kind) =>
      (byKind.get(kind) ?? []).filter((_, i) => i % options.count === batch).slice(0, options.perKind),
    );
    const longest = Math.max(0, ...dealt.map((d) => d.length));
    return Array.from({ length: longest }, (_, i) => dealt.flatMap((d) => (d[i] ? [d[i]] : []))).flat();
  });
}
