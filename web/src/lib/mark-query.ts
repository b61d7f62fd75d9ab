/**
 * Marking a search in a whole document, the way the search marks its snippets. Apart from highlight.ts so that the
 * query parser and the stemmer load with the document page, not with the first page.
 */
import { highlightQuery } from "../../../src/core/search/highlight";
import { type ParsedQuery, parseQuery } from "../../../src/core/search/query-parser";

/** Matches marked in a document at most: enough to page through, few enough to render. */
const MAX_MARKS = 2000;

/** A query as the search reads it, or null when it has nothing to mark (empty, or only exclusions). */
export function markableQuery(query: string): ParsedQuery | null {
  const parsed = parseQuery(query);
  return parsed.groups.length > 0 ? parsed : null;
}

/**
 * Where a query matched in a text, marked as the search marks its snippets: words by their stems, phrases whole,
 * acronyms as written, citations in any spelling. Ranges for segmentsFromRanges.
 */
export function markQuery(text: string, query: ParsedQuery, limit = MAX_MARKS): [number, number][] {
  return highlightQuery(text, query).slice(0, limit);
}
