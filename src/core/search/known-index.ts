/** What a search keeps of the keyword index for one index generation (see generation-state.ts). */
import { LRUCache } from "lru-cache";
import type { KnownPrefixes } from "./prefixes";
import type { PrefixTerm } from "./query-parser";

/** Probed match counts kept (an expression and a number each), for the index generation they were read at. */
const KNOWN_COUNTS = 50_000;
/** Words of prefixes' lists kept, in all (a list holds up to 2,000, of some 80 bytes each). */
const KNOWN_PREFIX_WORDS = 100_000;

/**
 * Match counts already probed, by FTS5 expression. Counts change only with the index, so a caller keeps them for one
 * index generation; probing a frequent word reads a thousand postings, and the words of long queries recur.
 */
export interface KnownCounts {
  get(expression: string): number | undefined;
  set(expression: string, count: number): unknown;
}

/** What a caller keeps of the index for one generation: match counts, and the terms under frequent prefixes. */
export interface KnownIndex {
  counts: KnownCounts;
  prefixes: KnownPrefixes;
}

/** Empty caches for one index generation. */
export function knownIndex(): KnownIndex {
  return {
    counts: new LRUCache<string, number>({ max: KNOWN_COUNTS }),
    prefixes: new LRUCache<string, PrefixTerm[]>({
      maxSize: KNOWN_PREFIX_WORDS,
      sizeCalculation: (terms) => terms.length + 1,
    }),
  };
}
