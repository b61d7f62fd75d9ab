import { boundDay, type DocumentFilters } from "../../../src/core/document-filters";
import { FACET_NAMES, type FacetName } from "../../../src/core/search/facets";
import type { SearchMode, SearchSort } from "../api/types";

/**
 * The filters GET /v1/search takes, by their query names: the facets first, in the order the sidebar shows them
 * (the year facet sets `dateFrom` and `dateTo`), then the bill a bill's page searches within.
 */
export const FILTER_NAMES = [
  ...FACET_NAMES.filter((name): name is Exclude<FacetName, "year"> => name !== "year"),
  "dateFrom",
  "dateTo",
  "bill",
] as const satisfies readonly (keyof DocumentFilters)[];
export type FilterName = (typeof FILTER_NAMES)[number];

/** Everything a search page shows, held in the URL so a search can be shared, bookmarked and reloaded. */
export interface SearchState {
  q: string;
  mode: SearchMode;
  filters: Partial<Record<FilterName, string>>;
  /** Whether a bill's versions and renderings fold into one result. */
  groupByBill: boolean;
  /** Best match first, or by date. */
  sort: SearchSort;
  cursor: string | null;
  /** The page number shown beside the cursor; display only. */
  page: number;
  /** False to search a misspelt query as typed rather than as the API corrects it (see `searchedFor`). */
  correct: boolean;
}

const MODES: readonly SearchMode[] = ["hybrid", "keyword", "semantic"];
const SORTS: readonly SearchSort[] = ["relevance", "newest", "oldest"];

export function parseSearchState(params: URLSearchParams): SearchState {
  const mode = params.get("mode");
  const sort = params.get("sort");
  const filters: SearchState["filters"] = {};
  for (const name of FILTER_NAMES) {
    const value = params.get(name)?.trim();
    if (value) filters[name] = value;
  }
  const page = Number(params.get("page"));
  return {
    q: params.get("q") ?? "",
    mode: MODES.includes(mode as SearchMode) ? (mode as SearchMode) : "hybrid",
    filters,
    groupByBill: params.get("group") === "bill",
    sort: SORTS.includes(sort as SearchSort) ? (sort as SearchSort) : "relevance",
    cursor: params.get("cursor") || null,
    page: Number.isInteger(page) && page > 1 ? page : 1,
    correct: params.get("correct") !== "false",
  };
}

/** The URL form: defaults are left out (hybrid mode, relevance, page 1), so equal states give equal URLs. */
export function toSearchParams(state: SearchState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  if (state.mode !== "hybrid") params.set("mode", state.mode);
  for (const name of FILTER_NAMES) {
    const value = state.filters[name];
    if (value) params.set(name, value);
  }
  if (state.groupByBill) params.set("group", "bill");
  if (state.sort !== "relevance") params.set("sort", state.sort);
  if (!state.correct) params.set("correct", "false");
  if (state.cursor) {
    params.set("cursor", state.cursor);
    if (state.page > 1) params.set("page", String(state.page));
  }
  return params;
}

/** The API query for a state: the same names, plus the page size. */
export function searchApiQuery(state: SearchState, limit = 10): Record<string, string | number> {
  const query: Record<string, string | number> = { q: state.q, mode: state.mode, limit };
  for (const [name, value] of Object.entries(state.filters)) if (value) query[name] = value;
  if (state.groupByBill) query.group = "bill";
  if (state.sort !== "relevance") query.sort = state.sort;
  if (!state.correct) query.correct = "false";
  if (state.cursor) query.cursor = state.cursor;
  return query;
}

/** The day a date filter stands for, as the API reads it (see `boundDay`); a value of another form as it is. */
export function filterDay(value: string | undefined, bound: "first" | "last"): string {
  return (value && boundDay(value, bound)) || (value ?? "");
}

/** The year the date filters span exactly, if they do: the year facet's value that is chosen. */
export function chosenYear(filters: SearchState["filters"]): string | undefined {
  const year = filterDay(filters.dateFrom, "first").match(/^(\d{4})-01-01$/)?.[1];
  return year && filterDay(filters.dateTo, "last") === `${year}-12-31` ? year : undefined;
}

/** The date filters of a year (null clears them). */
export function yearFilters(year: string | null): { dateFrom: string | null; dateTo: string | null } {
  return { dateFrom: year && `${year}-01-01`, dateTo: year && `${year}-12-31` };
}

/** A new state with filters set (a value) or cleared (null); any filter change starts again at the first page. */
export function withFilters(state: SearchState, patch: Partial<Record<FilterName, string | null>>): SearchState {
  const filters = { ...state.filters };
  for (const [name, value] of Object.entries(patch) as [FilterName, string | null][]) {
    if (value) filters[name] = value;
    else delete filters[name];
  }
  return { ...state, filters, cursor: null, page: 1 };
}
