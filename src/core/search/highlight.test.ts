import { describe, expect, it } from "vitest";
import { highlightQuery, makeSnippet } from "./highlight";
import { parseQuery } from "./query-parser";

const shown = (snippet: { snippet: string; highlights: [number, number][] }) =>
  snippet.highlights.map(([s, e]) => snippet.snippet.slice(s, e));

describe("snippets", () => {
  it("highlights words, phrases and citations in any spelling", () => {
    const text = "Section 1861 of the Social Security Act (42 USC 1395x) covers hospice care.";
    const ranges = highlightQuery(text, parseQuery('"social security" hospice 42 U.S.C. 1395x'));
    expect(ranges.map(([s, e]) => text.slice(s, e))).toEqual(["Social Security", "42 USC 1395x", "hospice"]);
  });

  it("marks the words the index matched: the same stem, diacritics aside", () => {
    const text = "The program cares for those in care, caring for them; Café services act on actions.";
    const ranges = highlightQuery(text, parseQuery("cafe cares act"));
    expect(ranges.map(([s, e]) => text.slice(s, e))).toEqual(["cares", "care", "caring", "Café", "act"]);
  });

  it("marks an acronym only as written, in capitals", () => {
    const text = "The CARES Act funds care; the program cares for Cares Act claimants.";
    const ranges = highlightQuery(text, parseQuery("CARES Act"));
    expect(ranges.map(([s, e]) => text.slice(s, e))).toEqual(["CARES", "Act", "Act"]);
  });

  it("marks a one-letter term only where it stands alone", () => {
    const text = "Savanna's Act: the short title. Sec. 2 says so.";
    const ranges = highlightQuery(text, parseQuery("Savanna's Act"));
    expect(ranges.map(([s, e]) => text.slice(s, e))).toEqual(["Savanna", "s", "Act"]);
  });

  it("finds words of any script, diacritics aside even in their first letters, split where letters and digits end", () => {
    const text = "Straße😀naïve—𝐀𝐁𝐂 δέλτα; ﬁnance 日本語 café Über";
    const ranges = highlightQuery(text, parseQuery("straße naive δέλτα finance 日本語 cafe uber"));
    expect(ranges.map(([s, e]) => text.slice(s, e))).toEqual([
      "Straße",
      "naïve",
      "δέλτα",
      "ﬁnance",
      "日本語",
      "café",
      "Über",
    ]);
  });

  it("gives each passage of one search its own ranges, however many it highlights", () => {
    const parsed = parseQuery("hospice care");
    expect(highlightQuery("hospice and care", parsed)).toEqual([
      [0, 7],
      [12, 16],
    ]);
    expect(highlightQuery("Care in a hospice", parsed)).toEqual([
      [0, 4],
      [10, 17],
    ]);
    expect(highlightQuery("nothing here", parsed)).toEqual([]);
  });

  it("shows the part of a passage where most of the query's words are", () => {
    const text = `AN ACT To direct the Attorney General to review protocols. ${"The Attorney General shall act. ".repeat(8)}This Act may be cited as "Savanna's Act".`;
    const snippet = makeSnippet(text, parseQuery("Savanna's Act"));
    expect(shown(snippet).slice(-3)).toEqual(["Savanna", "s", "Act"]);
    expect(snippet.snippet.endsWith(`"Savanna's Act".`)).toBe(true);
    // One word: its first occurrence.
    expect(makeSnippet(text, parseQuery("protocols")).start).toBe(0);
  });

  it("centres on and highlights a citation the markup names in words, through collapsed whitespace", () => {
    const filler = "The program continues. ".repeat(20);
    const text = `${filler}Nothing in this section requires disclosure under section 552 of title 5,\n    United States Code.`;
    const start = text.indexOf("section 552");
    const end = text.indexOf("Code.") + 4;
    const snippet = makeSnippet(text, parseQuery("5 U.S.C. 552"), [[start, end]]);
    expect(shown(snippet)).toEqual(["section 552 of title 5, United States Code"]);
    expect(snippet.start).toBeGreaterThan(0);
    expect(text.slice(snippet.start, snippet.end).replace(/\s+/g, " ")).toBe(snippet.snippet);
    // Without it the window stays at the start, with nothing to highlight.
    expect(shown(makeSnippet(text, parseQuery("5 U.S.C. 552")))).toEqual([]);
  });

  it("shows where a page the passage is printed on begins (an empty range), marking nothing", () => {
    const text = `${"The program continues. ".repeat(20)}Grants are awarded each year. ${"Reports follow. ".repeat(20)}`;
    const page = text.indexOf("Grants");
    const snippet = makeSnippet(text, parseQuery("89 FR 9750"), [[page, page]]);
    expect(snippet.start).toBeGreaterThan(0);
    expect(snippet.start).toBeLessThan(page);
    expect(snippet.snippet).toContain("Grants are awarded each year.");
    expect(snippet.highlights).toEqual([]);
  });
});
