import { describe, expect, it } from "vitest";
import {
  chosenYear,
  filterDay,
  parseSearchState,
  type SearchState,
  searchApiQuery,
  toSearchParams,
  withFilters,
} from "./search-state";

describe("search state in the URL", () => {
  it("survives a round trip through the query string", () => {
    const state: SearchState = {
      q: '"clean water" -tobacco',
      mode: "keyword",
      filters: { congress: "117", billType: "hr", dateFrom: "2021-01-01", policyArea: "Health & Welfare" },
      groupByBill: true,
      sort: "newest",
      cursor: "eyJzIjoxfQ",
      page: 3,
      correct: false,
    };
    const url = `/?${toSearchParams(state)}`;
    expect(parseSearchState(new URL(url, "http://x").searchParams)).toEqual(state);
  });

  it("leaves defaults out of the URL and ignores unknown values", () => {
    const params = toSearchParams({
      q: "tariff",
      mode: "hybrid",
      filters: {},
      groupByBill: false,
      sort: "relevance",
      cursor: null,
      page: 1,
      correct: true,
    });
    expect(params.toString()).toBe("q=tariff");
    const parsed = parseSearchState(new URLSearchParams("q=a&mode=bogus&sort=bogus&page=-2&unknown=1&congress="));
    expect(parsed).toEqual({
      q: "a",
      mode: "hybrid",
      filters: {},
      groupByBill: false,
      sort: "relevance",
      cursor: null,
      page: 1,
      correct: true,
    });
  });

  it("starts again at the first page when a filter changes", () => {
    const state = parseSearchState(new URLSearchParams("q=a&cursor=c1&page=2&party=D"));
    const next = withFilters(state, { party: null, congress: "116" });
    expect(next).toMatchObject({ cursor: null, page: 1, filters: { congress: "116" } });
  });

  it("sends the API the same names", () => {
    const state = parseSearchState(new URLSearchParams("q=a&mode=semantic&sponsorState=CA&cursor=c1&page=2"));
    expect(searchApiQuery(state, 10)).toEqual({
      q: "a",
      mode: "semantic",
      limit: 10,
      sponsorState: "CA",
      cursor: "c1",
    });
    // A query kept as typed says so; corrected, the API's default, it says nothing.
    expect(searchApiQuery(parseSearchState(new URLSearchParams("q=a&correct=false")), 10)).toMatchObject({
      correct: "false",
    });
  });

  it("reads a year or month in the date filters as the API does", () => {
    expect(filterDay("2020", "first")).toBe("2020-01-01");
    expect(filterDay("2020", "last")).toBe("2020-12-31");
    expect(filterDay("2020-02", "last")).toBe("2020-02-29");
    expect(filterDay("2021-02", "last")).toBe("2021-02-28");
    expect(filterDay("2020-06", "first")).toBe("2020-06-01");
    expect(filterDay("2020-06-15", "last")).toBe("2020-06-15");
    expect(filterDay(undefined, "first")).toBe("");
    expect(filterDay("0099-02", "last")).toBe("0099-02-28");
    expect(filterDay("2021-02-30", "last")).toBe("2021-02-30");
    // A year the facet chose, however the URL spells it.
    expect(chosenYear({ dateFrom: "2019", dateTo: "2019" })).toBe("2019");
    expect(chosenYear({ dateFrom: "2019-01", dateTo: "2019-12-31" })).toBe("2019");
    expect(chosenYear({ dateFrom: "2019", dateTo: "2020" })).toBeUndefined();
  });
});
