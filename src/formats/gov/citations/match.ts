import type { CitationKind } from "../types";

/** One phrase found in the text; a phrase may cite several targets ("sections 1395 and 1396 of title 42"). */
export interface CitationMatch {
  kind: CitationKind;
  start: number;
  end: number;
  targets: string[];
}

/**
 * Keeps the earliest, then longest, of overlapping phrases: "section 1395 of title 42 U.S.C." is one citation, not
 * also a bare "title 42 U.S.C.". Sorting is O(n log n) in the number of matches, independent of the text length.
 */
export function dropOverlaps(matches: CitationMatch[]): CitationMatch[] {
  const sorted = [...matches].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: CitationMatch[] = [];
  let reach = -1;
  for (const m of sorted) {
    if (m.start < reach) continue;
    kept.push(m);
    reach = m.end;
  }
  return kept;
}
