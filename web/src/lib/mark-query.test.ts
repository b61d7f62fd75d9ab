import { describe, expect, it } from "vitest";
import { markableQuery, markQuery } from "./mark-query";

describe("marking a query in a document", () => {
  it("marks what the search matched: stems, whole phrases, acronyms as written, citations in any spelling", () => {
    const text =
      "Public health; the PUBLIC  health service cares for care under the CARES Act and 42 USC 1395x; republic";
    const query = markableQuery('"public health" cares CARES -tobacco 42 U.S.C. 1395x');
    if (!query) throw new Error("nothing to mark");
    expect(markQuery(text, query).map(([s, e]) => text.slice(s, e))).toEqual([
      "Public health",
      "PUBLIC  health",
      "cares",
      "care",
      "CARES",
      "42 USC 1395x",
    ]);
    expect(markQuery(text, query, 2)).toHaveLength(2);
  });

  it("marks an acronym the document never writes in capitals as the word, as the search then reads it", () => {
    const text = "The Pandemic Heroes Compensation Act honors heroes; the Act";
    const query = markableQuery("heroes act");
    if (!query) throw new Error("nothing to mark");
    expect(markQuery(text, query).map(([s, e]) => text.slice(s, e))).toEqual(["Heroes", "Act", "heroes", "Act"]);
    const written = "The HEROES Act helps heroes";
    expect(markQuery(written, query).map(([s, e]) => written.slice(s, e))).toEqual(["HEROES", "Act"]);
  });

  it("has nothing to mark for an empty query or one of exclusions only", () => {
    expect(markableQuery("")).toBeNull();
    expect(markableQuery("-tobacco")).toBeNull();
  });
});
