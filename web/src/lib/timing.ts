/** Names of the performance marks around a search, read by the browser tests and by anyone in devtools. */
export const SEARCH_START = "od:search-start";
export const SEARCH_RESULTS = "od:search-results";
export const TIME_TO_RESULTS = "od:time-to-results";

export function markSearchStart(): void {
  performance.clearMarks(SEARCH_START);
  performance.mark(SEARCH_START);
}

/** Measures from the search's start (or from navigation, for a search page loaded by URL) to results on screen. */
export function markSearchResults(): void {
  performance.mark(SEARCH_RESULTS);
  const started = performance.getEntriesByName(SEARCH_START, "mark").length > 0;
  try {
    performance.measure(TIME_TO_RESULTS, started ? SEARCH_START : undefined, SEARCH_RESULTS);
  } catch {
    // A browser without the mark (cleared by devtools) still shows the results.
  }
}
