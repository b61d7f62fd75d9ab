import { describe, expect, it } from "vitest";
import { ftsExpression, highlightRanges, MAX_QUERY_TERMS, queryTerms } from "./query-text";

describe("queryTerms and ftsExpression", () => {
  it("quotes every term so FTS5 syntax is only text", () => {
    expect(ftsExpression(queryTerms('"fund" NEAR(x, 2) col:y* (z'), "AND")).toBe('"fund" "near" "x" "2" "col" "y" "z"');
    expect(ftsExpression(queryTerms("fiscal recovery"), "OR")).toBe('"fiscal" OR "recovery"');
  });

  it("drops duplicates, keeps unicode words, and caps the number of terms", () => {
    expect(queryTerms("Fund fund FUND café")).toEqual(["fund", "café"]);
    expect(queryTerms("a ".repeat(10) + Array.from({ length: 100 }, (_, i) => `w${i}`).join(" "))).toHaveLength(
      MAX_QUERY_TERMS,
    );
    expect(queryTerms('"*()-:')).toEqual([]);
  });
});

describe("highlightRanges", () => {
  it("marks words starting with a term or its stem", () => {
    const text = "Making appropriations for the Appropriation Act";
    expect(highlightRanges(text, ["appropriations"]).map(([s, e]) => text.slice(s, e))).toEqual([
      "appropriations",
      "Appropriation",
    ]);
  });
});
