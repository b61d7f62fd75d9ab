import { beforeAll, describe, expect, it } from "vitest";
import { loadLegislatorsFile } from "../../adapters/node/legislators-file";
import { createPeopleResolver, type PeopleResolver } from "./index";

let resolver: PeopleResolver;

beforeAll(async () => {
  // The legislators file committed with the product.
  resolver = createPeopleResolver(await loadLegislatorsFile());
});

function id(query: Parameters<PeopleResolver["resolve"]>[0]): string | null {
  return resolver.resolve(query)?.bioguideId ?? null;
}

describe("createPeopleResolver", () => {
  it("lets ids win over names, and falls back to the name for an id the data does not know", () => {
    expect(resolver.resolve({ name: "Mr. Nobody", bioguideId: "P000197" })).toEqual({
      bioguideId: "P000197",
      name: "Nancy Pelosi",
      confidence: 1,
    });
    expect(resolver.resolve({ name: "anyone", lisId: "S366" })).toEqual({
      bioguideId: "W000817",
      lisId: "S366",
      name: "Elizabeth Warren",
      confidence: 1,
    });
    expect(id({ name: "Ms. Pelosi", bioguideId: "X999999" })).toBe("P000197");
    expect(resolver.get("S366")?.bioguideId).toBe("W000817");
    expect(resolver.get("nobody")).toBeNull();
  });

  it("resolves GovTrack and THOMAS ids, whatever their padding, and ranks them after bioguide and LIS ids", () => {
    expect(resolver.resolve({ name: "", govtrackId: "412490" })).toEqual({
      bioguideId: "B001277",
      lisId: "S341",
      name: "Richard Blumenthal",
      confidence: 1,
    });
    expect(id({ name: "", govtrackId: 412490 })).toBe("B001277");
    expect(id({ name: "", thomasId: "02076" })).toBe("B001277");
    expect(id({ name: "", thomasId: "2076" })).toBe("B001277");
    expect(id({ name: "", bioguideId: "P000197", govtrackId: "412490" })).toBe("P000197");
    // A former member's id is unknown to the current file: the name decides, or nothing does.
    expect(id({ name: "", govtrackId: "300065" })).toBeNull();
    expect(id({ name: "Sen Whitehouse, Sheldon", thomasId: "99999" })).toBe("W000802");
    expect(id({ name: "", govtrackId: "not-a-number", thomasId: "123456" })).toBeNull();
  });

  it("resolves names as documents write them", () => {
    expect(id({ name: "Mr. Larson of Connecticut" })).toBe("L000557");
    expect(id({ name: "Ms. PELOSI" })).toBe("P000197");
    expect(id({ name: "Sen. Warren" })).toBe("W000817");
    expect(id({ name: "Schumer (D-NY)" })).toBe("S000148");
    expect(id({ name: "Johnson (SD)" })).toBe("J000301");
    expect(id({ name: "Mr. Johnson of Louisiana" })).toBe("J000299");
    expect(id({ name: "Rep. Green, Al [D-TX-9]" })).toBe("G000553");
    expect(id({ name: 'Rep. Johnson, Henry C. "Hank," Jr. [D-GA-4]' })).toBe("J000288");
    expect(resolver.resolve({ name: "Alexander (R-TN)", congress: 115 })).toBeNull();
  });

  it("uses the context the document gives: state, chamber, party", () => {
    expect(id({ name: "Mr. Smith", state: "New Jersey" })).toBe("S000522");
    expect(id({ name: "Scott", chamber: "senate", state: "SC" })).toBe("S001184");
    // Tim Scott sat in the House in 2011-2013 only.
    expect(id({ name: "Scott (SC)", chamber: "house", date: "2012-06-01" })).toBe("S001184");
    expect(id({ name: "Scott (SC)", chamber: "house", congress: 118 })).toBeNull();
    // A House manager speaking on a Senate page of the impeachment trial, who sat in the House then.
    expect(id({ name: "Mr. Manager SCHIFF", chamber: "senate", date: "2020-01-21" })).toBe("S001150");
    expect(id({ name: "Mr. SCHIFF", chamber: "senate", date: "2020-01-21" })).toBeNull();
  });

  it("requires a term covering the date or Congress", () => {
    // Luján sat in the House until 2021 and in the Senate since.
    expect(id({ name: "Mr. Luján", date: "2019-05-01" })).toBe("L000570");
    expect(id({ name: "Sen. Luján", date: "2015-05-01" })).toBeNull();
    expect(id({ name: "Sen. Luján", congress: 118 })).toBe("L000570");
    expect(id({ name: "Rep. Luján", congress: 118 })).toBeNull();
  });

  it("answers null rather than guessing among namesakes", () => {
    expect(resolver.resolve({ name: "Mr. Scott" })).toBeNull();
    expect(resolver.resolve({ name: "Mr. Johnson" })).toBeNull();
    expect(resolver.resolve({ name: "" })).toBeNull();
    expect(resolver.resolve({ name: "Mr. Nobody-At-All of Atlantis" })).toBeNull();
  });

  it("reports more confidence the more context agreed", () => {
    const bare = resolver.resolve({ name: "Ms. Pelosi" })?.confidence ?? 0;
    const dated = resolver.resolve({ name: "Ms. Pelosi", state: "CA", congress: 116 })?.confidence ?? 0;
    expect(bare).toBeLessThan(dated);
    expect(dated).toBeLessThan(1);
  });
});
