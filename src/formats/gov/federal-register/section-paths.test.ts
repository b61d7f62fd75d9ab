import { describe, expect, it } from "vitest";
import { isoDateFromWords } from "../dates";
import { withPaths } from "./section-paths";

describe("section paths and dates", () => {
  it("nests sections by level and containment", () => {
    const paths = withPaths([
      { heading: "A", level: 1, start: 0, end: 50 },
      { heading: "B", level: 2, start: 10, end: 20 },
      { heading: "C", level: 3, start: 12, end: 20 },
      { heading: "D", level: 2, start: 20, end: 50 },
      { heading: "E", level: 2, start: 60, end: 70 },
    ]).map((s) => s.path);
    expect(paths).toEqual(["A", "A > B", "A > B > C", "A > D", "E"]);
  });

  it("reads dates written in words", () => {
    expect(isoDateFromWords("Monday, February 12, 2024")).toBe("2024-02-12");
    expect(isoDateFromWords("Wednesday, July 20, 2005")).toBe("2005-07-20");
    expect(isoDateFromWords("Smarch 3, 2005")).toBeUndefined();
  });
});
