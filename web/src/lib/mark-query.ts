/**
 * Marking a search in a whole document, the way the search marks its snippets. Apart from highlight.ts so that the
 * query parser and the stemmer load with the document page, not with the first page.
 */
import { highlightQuery } from "../../../src/core/search/highlight";
import { type ParsedQuery, parseQuery, type QueryGroup } from "../../../src/core/search/query-parser";

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
  return highlightQuery(text, asInDocument(text, query)).slice(0, limit);
}

/**
 * An acronym the document never writes in capitals is marked as a word: the search reads an acronym no passage has
 * as the word (`heroes act` finds the Pandemic Heroes Compensation Act), and such a document was found by the word.
 */
function asInDocument(text: string, query: ParsedQuery): ParsedQuery {
  const written = (term: string) =>
    new RegExp(`(?<![\\p{L}\\p{N}])${term.toUpperCase()}(?![\\p{L}\\p{N}])`, "u").test(text);
  const groups = query.groups.map(
    (group): QueryGroup => ({
      alternatives: group.alternatives.map((a) =>
        a.kind === "acronym" && !written(a.term) ? { kind: "term", term: a.term } : a,
      ),
    }),
  );
  return { ...query, groups };
}
