import { describe, expect, it } from "vitest";
import { segmentsFromRanges } from "./highlight";

describe("segmentsFromRanges", () => {
  it("cuts text into plain and marked pieces that cover it exactly once", () => {
    const text = "The Secretary shall submit a report to Congress.";
    const segments = segmentsFromRanges(text, [
      [4, 13],
      [39, 47],
    ]);
    expect(segments.map((s) => s.text).join("")).toBe(text);
    expect(segments.filter((s) => s.marked).map((s) => s.text)).toEqual(["Secretary", "Congress"]);
  });

  it("merges overlapping ranges, sorts them and clamps those past the end", () => {
    const segments = segmentsFromRanges("abcdefghij", [
      [6, 20],
      [1, 3],
      [2, 4],
      [5, 5],
    ]);
    expect(segments).toEqual([
      { text: "a", marked: false, start: 0 },
      { text: "bcd", marked: true, start: 1 },
      { text: "ef", marked: false, start: 4 },
      { text: "ghij", marked: true, start: 6 },
    ]);
  });

  it("keeps offsets relative to a base", () => {
    expect(segmentsFromRanges("xyz", [[1, 2]], 100).map((s) => s.start)).toEqual([100, 101, 102]);
  });
});
