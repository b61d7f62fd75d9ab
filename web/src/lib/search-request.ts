import { api } from "../api/client";
import type { SearchResponse } from "../api/types";
import { parseSearchState, type SearchState, searchApiQuery, toSearchParams } from "./search-state";

const PAGE_SIZE = 10;

/** What the search page's request for a state is known by (its URL parameters), or null when there is no query. */
export function searchKey(state: SearchState): string | null {
  return state.q ? toSearchParams(state).toString() : null;
}

function request(state: SearchState, signal?: AbortSignal): Promise<SearchResponse> {
  return api<SearchResponse>("/v1/search", { query: searchApiQuery(state, PAGE_SIZE), signal });
}

/** The search started as the app loaded, until the search page takes it. */
let early: { key: string; response: Promise<SearchResponse> } | null = null;

/**
 * Starts the search an address asks for, when it is the search page's: the app asks who is signed in before it shows
 * a page, and the search need not wait for that answer.
 */
export function startEarlySearch(location: { pathname: string; search: string }): void {
  if (location.pathname !== "/") return;
  const state = parseSearchState(new URLSearchParams(location.search));
  const key = searchKey(state);
  if (!key) return;
  const response = request(state);
  response.catch(() => {}); // a failed one is asked for again by the page (who was signed in may have changed)
  early = { key, response };
}

/** The search page's results for a state: the early search's, once, when it is for that state; else a request. */
export function search(state: SearchState, key: string, signal: AbortSignal): Promise<SearchResponse> {
  const taken = early?.key === key ? early.response : null;
  early = null;
  return taken ? taken.catch(() => request(state, signal)) : request(state, signal);
}
