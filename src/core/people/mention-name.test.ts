import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stateCode } from "../../formats/gov/states";
import { congressDates } from "./congress-dates";
import { formalName, fullName, nameKey, parseMentionName } from "./mention-name";

describe("parseMentionName", () => {
  it("reads titles, states written out and all-caps names", () => {
    expect(parseMentionName("Mr. Larson of Connecticut")).toEqual({
      readings: [{ last: "larson", firsts: [] }],
      gender: "M",
      state: "CT",
    });
    expect(parseMentionName("Ms. PELOSI")).toEqual({ readings: [{ last: "pelosi", firsts: [] }], gender: "F" });
    expect(parseMentionName("Sen. Warren")).toEqual({ readings: [{ last: "warren", firsts: [] }], chamber: "senate" });
    expect(parseMentionName("Mrs. Greene of Georgia").state).toBe("GA");
    // An impeachment trial's managers are House members.
    expect(parseMentionName("Mr. Manager SCHIFF")).toEqual({
      readings: [{ last: "schiff", firsts: [] }],
      gender: "M",
      chamber: "house",
    });
    expect(parseMentionName("Mr. Counsel CIPOLLONE").chamber).toBeUndefined();
  });

  it("reads party, state and district in parentheses and brackets", () => {
    expect(parseMentionName("Delgado (D-NY)")).toEqual({
      readings: [{ last: "delgado", firsts: [] }],
      party: "D",
      state: "NY",
    });
    expect(parseMentionName("Johnson (SD)")).toEqual({ readings: [{ last: "johnson", firsts: [] }], state: "SD" });
    expect(parseMentionName("Del. Norton, Eleanor Holmes [D-DC-At Large]")).toEqual({
      readings: [{ last: "norton", firsts: ["eleanor"] }],
      chamber: "house",
      party: "D",
      state: "DC",
      district: 0,
    });
  });

  it("reads 'Last, First' with nicknames and suffixes", () => {
    expect(parseMentionName('Rep. Johnson, Henry C. "Hank," Jr. [D-GA-4]')).toEqual({
      readings: [{ last: "johnson", firsts: ["henry", "hank"] }],
      chamber: "house",
      party: "D",
      state: "GA",
      district: 4,
    });
    expect(parseMentionName("Scott, David").readings).toEqual([{ last: "scott", firsts: ["david"] }]);
    // A comma before a suffix alone does not turn the name around.
    expect(parseMentionName("Randy K. Weber, Sr.").readings.at(-1)).toEqual({ last: "weber", firsts: ["randy"] });
    expect(parseMentionName("Matthew M. Rosendale Sr.").readings.at(-1)).toEqual({
      last: "rosendale",
      firsts: ["matthew"],
    });
  });

  it("reads full names as ever shorter last names, and multi-word last names whole first", () => {
    expect(parseMentionName("Mrs. Carolyn B. Maloney of New York").readings).toEqual([
      { last: "carolyn b maloney", firsts: [] },
      { last: "b maloney", firsts: ["carolyn"] },
      { last: "maloney", firsts: ["carolyn"] },
    ]);
    expect(parseMentionName("Ms. JACKSON LEE").readings[0]).toEqual({ last: "jackson lee", firsts: [] });
  });

  it("normalises accents, apostrophes and hyphens", () => {
    expect(nameKey("Luján")).toBe("lujan");
    expect(nameKey("O'Rourke")).toBe("orourke");
    expect(nameKey("Ocasio-Cortez")).toBe("ocasio cortez");
  });

  it("reads nothing from brackets holding only separators", () => {
    for (const name of ["Smith [/)", "Smith (-)", "Smith [–/]"]) {
      expect(parseMentionName(name), name).toEqual({ readings: [{ last: "smith", firsts: [] }] });
    }
  });

  it("never throws on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const parsed = parseMentionName(s);
        for (const r of parsed.readings) expect(r.last).toMatch(/^[a-z ]+$/);
      }),
      { numRuns: 500 },
    );
  });
});

describe("states and congresses", () => {
  it("maps names and codes", () => {
    expect(stateCode("New York")).toBe("NY");
    expect(stateCode("ny")).toBe("NY");
    expect(stateCode("Atlantis")).toBeNull();
  });

  it("dates a Congress", () => {
    expect(congressDates(116)).toEqual({ start: "2019-01-03", end: "2021-01-03" });
    expect(congressDates(109)).toEqual({ start: "2005-01-03", end: "2007-01-03" });
  });
});

describe("formalName", () => {
  it("puts a record's 'Last, Given' names in reading order, without title and affiliation", () => {
    expect(formalName("Rep. Green, Gene [D-TX-29]")).toBe("Gene Green");
    expect(formalName("Sen. Schumer, Charles E. [D-NY]")).toBe("Charles E. Schumer");
    expect(formalName('Rep. Johnson, Henry C. "Hank," Jr. [D-GA-4]')).toBe('Henry C. "Hank" Johnson Jr.');
    expect(formalName("Del. Norton, Eleanor Holmes [D-DC-At Large]")).toBe("Eleanor Holmes Norton");
    expect(formalName("Rep. Jackson Lee, Sheila [D-TX-18]")).toBe("Sheila Jackson Lee");
    expect(formalName("Scott, David")).toBe("David Scott");
    expect(formalName("Rep. Smith, John V. [R-NJ-4]")).toBe("John V. Smith");
  });

  it("leaves names written otherwise alone", () => {
    for (const name of [
      "Mr. Delgado",
      "Lamar Alexander",
      "Delgado (D-NY)",
      ", Gene",
      "Green,",
      "Rep. Green, [D-TX]",
      "Randy K. Weber, Sr.",
    ]) {
      expect(formalName(name), name).toBeNull();
    }
  });
});

describe("fullName", () => {
  it("takes a name written in full, in either order, and nothing less", () => {
    expect(fullName("Richard Shelby")).toBe("Richard Shelby");
    expect(fullName("Marjorie Taylor Greene")).toBe("Marjorie Taylor Greene");
    expect(fullName("Ben Ray Luján")).toBe("Ben Ray Luján");
    expect(fullName("Richard Shelby (R-AL)")).toBe("Richard Shelby");
    expect(fullName("Sen Leahy, Patrick J.")).toBe("Patrick J. Leahy");
    for (const name of [
      "Mr. Shelby",
      "Shelby (R-AL)",
      "S184",
      "",
      "The SPEAKER pro tempore",
      "Mrs. Greene of Georgia",
    ]) {
      expect(fullName(name), name).toBeNull();
    }
  });
});
