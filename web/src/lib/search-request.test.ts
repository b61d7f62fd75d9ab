import { describe, expect, it } from "vitest";
import { mockFetch } from "../test/render";
import { search, searchKey, startEarlySearch } from "./search-request";
import { parseSearchState } from "./search-state";

const stateOf = (query: string) => parseSearchState(new URLSearchParams(query));
const page = (q: string) => ({ mode: "hybrid", results: [], nextCursor: null, q });

describe("the search started as the app loads", () => {
  it("answers the search page once, for the address's search only", async () => {
    let failNext = false;
    const fetch = mockFetch((url) => {
      if (failNext) {
        failNext = false;
        return new Response(JSON.stringify({ title: "Unauthorized", status: 401 }), { status: 401 });
      }
      return page(url.searchParams.get("q") ?? "");
    });
    const signal = new AbortController().signal;

    startEarlySearch({ pathname: "/documents/x", search: "?q=water" });
    startEarlySearch({ pathname: "/", search: "" });
    expect(fetch).not.toHaveBeenCalled();

    startEarlySearch({ pathname: "/", search: "?q=water&mode=keyword" });
    expect(fetch).toHaveBeenCalledTimes(1);
    const state = stateOf("q=water&mode=keyword");
    await expect(search(state, searchKey(state) as string, signal)).resolves.toMatchObject({ q: "water" });
    expect(fetch).toHaveBeenCalledTimes(1);
    // Taken once: the same search again is a request of its own.
    await search(state, searchKey(state) as string, signal);
    expect(fetch).toHaveBeenCalledTimes(2);

    // The page asking for another search sends that, and the early one is not kept for later.
    startEarlySearch({ pathname: "/", search: "?q=water" });
    const other = stateOf("q=rivers");
    await expect(search(other, searchKey(other) as string, signal)).resolves.toMatchObject({ q: "rivers" });
    const water = stateOf("q=water");
    await search(water, searchKey(water) as string, signal);
    expect(fetch).toHaveBeenCalledTimes(5);

    // An early search that failed (who is signed in may have changed since) is asked for again.
    failNext = true;
    startEarlySearch({ pathname: "/", search: "?q=water" });
    await expect(search(water, searchKey(water) as string, signal)).resolves.toMatchObject({ q: "water" });
    expect(fetch).toHaveBeenCalledTimes(7);
  });
});
