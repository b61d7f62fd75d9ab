import { describe, expect, it } from "vitest";
import { createRelatedPeopleMatcher } from "./related-people";

// A bill's MODS record: names in full, with ids, party and state.
const MODS = [
  { role: "sponsor", name: "Elijah E. Cummings", bioguideId: "C000984", party: "D", state: "MD" },
  { role: "cosponsor", name: "Don Young", bioguideId: "Y000033", party: "R", state: "AK" },
  { role: "cosponsor", name: "Dusty Johnson", bioguideId: "J000301", party: "R", state: "SD" },
  { role: "cosponsor", name: "Mike Johnson", bioguideId: "J000299", party: "R", state: "LA" },
  { role: "cosponsor", name: "Marjorie Taylor Greene", bioguideId: "G000596", party: "R", state: "GA" },
  { role: "cosponsor", name: "Randy K. Weber, Sr.", bioguideId: "W000814", party: "R", state: "TX" },
  { role: "voter", name: "Taylor", bioguideId: "T000479", party: "R", state: "TX" },
];

describe("createRelatedPeopleMatcher", () => {
  const match = createRelatedPeopleMatcher(MODS);

  it("names a text's name-only sponsors and cosponsors by the record's members of the same role", () => {
    expect(match({ role: "sponsor", name: "Mr. CUMMINGS" })).toEqual({ bioguideId: "C000984" });
    expect(match({ role: "cosponsor", name: "Mr. YOUNG" })).toEqual({ bioguideId: "Y000033" });
    expect(match({ role: "cosponsor", name: "Mrs. GREENE of Georgia" })).toEqual({ bioguideId: "G000596" });
    expect(match({ role: "cosponsor", name: "Mr. Weber of Texas" })).toEqual({ bioguideId: "W000814" });
    // A last name a PDF's line broke.
    expect(match({ role: "cosponsor", name: "Mr. JOHN- SON of South Dakota" })).toEqual({ bioguideId: "J000301" });
  });

  it("tells two members of one name apart by state or given name, and leaves them otherwise", () => {
    expect(match({ role: "cosponsor", name: "Mr. Johnson of Louisiana" })).toEqual({ bioguideId: "J000299" });
    expect(match({ role: "cosponsor", name: "Mr. Johnson", state: "SD" })).toEqual({ bioguideId: "J000301" });
    expect(match({ role: "cosponsor", name: "Mr. Mike Johnson" })).toEqual({ bioguideId: "J000299" });
    expect(match({ role: "cosponsor", name: "Mr. JOHNSON" })).toBeNull();
  });

  it("does not name anyone the record contradicts, or in another role", () => {
    expect(match({ role: "cosponsor", name: "Mr. Young of Florida" })).toBeNull();
    expect(match({ role: "cosponsor", name: "Mr. Young", party: "D" })).toBeNull();
    expect(match({ role: "cosponsor", name: "Mr. Greene" })).toEqual({ bioguideId: "G000596" });
    expect(match({ role: "sponsor", name: "Mr. Young" })).toBeNull();
    // Voters are not linked: a roll call names hundreds of members.
    expect(match({ role: "cosponsor", name: "Mr. Taylor" })).toBeNull();
    expect(match({ role: "voter", name: "Taylor" })).toBeNull();
    expect(match({ role: "cosponsor", name: "Mr. Ellison" })).toBeNull();
    // A mention with an id of its own is not matched again.
    expect(match({ role: "cosponsor", name: "Mr. Young", bioguideId: "Y000031" })).toBeNull();
  });

  it("names a Record page's speakers by its other rendering's, and only speakers", () => {
    const page = createRelatedPeopleMatcher([
      { role: "speaker", name: "Mr. LEVIN", bioguideId: "L000261" },
      { role: "speaker", name: "Mr. WARNER", bioguideId: "W000154" },
      { role: "cosponsor", name: "Mr. Akaka", bioguideId: "A000069" },
    ]);
    expect(page({ role: "speaker", name: "Mr. LEVIN" })).toEqual({ bioguideId: "L000261" });
    expect(page({ role: "speaker", name: "Mrs. LEVIN" })).toBeNull();
    expect(page({ role: "speaker", name: "Mr. AKAKA" })).toBeNull();
    expect(page({ role: "speaker", name: "The PRESIDING OFFICER" })).toBeNull();
  });

  it("tells the chambers apart where the documents say: one day's Levins", () => {
    const day = createRelatedPeopleMatcher([
      { role: "speaker", name: "Carl Levin", bioguideId: "L000261", chamber: "senate" },
      { role: "speaker", name: "Sander M. Levin", bioguideId: "L000263", chamber: "house" },
    ]);
    expect(day({ role: "speaker", name: "Mr. LEVIN", chamber: "senate" })).toEqual({ bioguideId: "L000261" });
    expect(day({ role: "speaker", name: "Mr. LEVIN", chamber: "house" })).toEqual({ bioguideId: "L000263" });
    expect(day({ role: "speaker", name: "Mr. LEVIN" })).toBeNull();
  });

  it("uses what other documents of the bill say of a member: a title's gender", () => {
    const both = createRelatedPeopleMatcher([
      { role: "cosponsor", name: "Mrs. Scott", bioguideId: "S000001" },
      { role: "cosponsor", name: "Mr. Scott", bioguideId: "S000002" },
    ]);
    expect(both({ role: "cosponsor", name: "Ms. SCOTT" })).toEqual({ bioguideId: "S000001" });
    expect(both({ role: "cosponsor", name: "SCOTT" })).toBeNull();
  });
});
