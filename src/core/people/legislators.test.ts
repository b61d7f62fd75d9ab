import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { parseLegislators } from "./legislators";
import { parseLegislatorsText } from "./legislators-text";

const ENTRY = {
  id: { bioguide: "C000127", thomas: "00172", lis: "S275", govtrack: 300018 },
  name: { first: "Maria", last: "Cantwell", official_full: "Maria Cantwell" },
  bio: { birthday: "1958-10-13", gender: "F" },
  terms: [
    { type: "rep", start: "1993-01-05", end: "1995-01-03", state: "WA", district: 1, party: "Democrat" },
    { type: "sen", start: "2001-01-03", end: "2007-01-03", state: "WA", class: 1, party: "Democrat" },
    { type: "prez", start: "x", end: "y", state: "WA" },
  ],
};

describe("parseLegislators", () => {
  it("keeps ids, names, gender and valid terms", () => {
    expect(parseLegislators([ENTRY])).toEqual([
      {
        bioguideId: "C000127",
        lisId: "S275",
        thomasId: "00172",
        govtrackId: 300018,
        name: { first: "Maria", last: "Cantwell", officialFull: "Maria Cantwell" },
        gender: "F",
        terms: [
          { type: "rep", state: "WA", district: 1, party: "Democrat", start: "1993-01-05", end: "1995-01-03" },
          { type: "sen", state: "WA", party: "Democrat", start: "2001-01-03", end: "2007-01-03" },
        ],
      },
    ]);
  });

  it("skips entries without an id, a name or a term", () => {
    expect(
      parseLegislators([{ name: ENTRY.name, terms: ENTRY.terms }, { id: ENTRY.id, terms: ENTRY.terms }, 7, null]),
    ).toEqual([]);
    expect(parseLegislators([{ ...ENTRY, terms: [] }])).toEqual([]);
  });

  it("refuses a document that is not a list", () => {
    expect(() => parseLegislators({ legislators: [] })).toThrow(AppError);
  });
});

describe("parseLegislatorsText", () => {
  it("reads the YAML file and its JSON twin alike", () => {
    const yaml = `- id:
    bioguide: C000127
    thomas: '00172'
    lis: S275
    govtrack: 300018
  name:
    first: Maria
    last: Cantwell
    official_full: Maria Cantwell
  bio:
    birthday: '1958-10-13'
    gender: F
  terms:
  - type: rep
    start: '1993-01-05'
    end: '1995-01-03'
    state: WA
    district: 1
    party: Democrat
  - type: sen
    start: '2001-01-03'
    end: '2007-01-03'
    state: WA
    class: 1
    party: Democrat
`;
    const expected = parseLegislators([{ ...ENTRY, terms: ENTRY.terms.slice(0, 2) }]);
    expect(parseLegislatorsText(yaml)).toEqual(expected);
    expect(parseLegislatorsText(JSON.stringify([ENTRY]))).toEqual(expected);
  });

  it("throws unprocessable on text that is neither", () => {
    for (const text of ["[{", "a: [b", "just words"]) {
      expect(() => parseLegislatorsText(text)).toThrow(AppError);
    }
  });
});
