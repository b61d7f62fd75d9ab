import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCommitteesFile, loadLegislatorsFile } from "../adapters/node/legislators-file";
import { parseBillDtd } from "../formats/gov/bill-text";
import { parseGovtrackBill, parseThomasHtml } from "../formats/gov/misc";
import { parseVoteJson } from "../formats/gov/votes/vote-json";
import { enrichMetadata } from "./enrich";
import { createCommitteeResolver, createPeopleResolver, type PeopleResolver } from "./people";

const MISC = path.resolve(__dirname, "../../test/fixtures/gov/misc");
const read = (name: string) => new Uint8Array(fs.readFileSync(path.join(MISC, name)));
const readVote = (name: string) => new Uint8Array(fs.readFileSync(path.join(MISC, "../votes", name)));

let resolver: PeopleResolver;

beforeAll(async () => {
  resolver = createPeopleResolver(await loadLegislatorsFile());
});

describe("enrichMetadata: people of legacy bill records", () => {
  it("resolves GovTrack ids to bioguide ids and names, and keeps former members by their GovTrack id", () => {
    const doc = parseGovtrackBill(read("govtrack-s968-112.xml"));
    const people = enrichMetadata(doc, resolver).people;
    expect(people).toHaveLength(42);
    // The committed file holds current members only: 14 of the 42 sponsors of S. 968 (2011) still serve.
    expect(people.filter((p) => p.bioguideId)).toHaveLength(14);
    expect(people.find((p) => p.govtrackId === "412490")).toEqual({
      name: "Richard Blumenthal",
      role: "cosponsor",
      govtrackId: "412490",
      bioguideId: "B001277",
      lisId: "S341",
      date: "2011-05-12",
      withdrawn: false,
      // The bill names its cosponsors by id alone: party and state are those of the term served when it was read.
      party: "Democrat",
      state: "CT",
    });
    expect(people.find((p) => p.govtrackId === "300048")).toMatchObject({ bioguideId: "G000386", lisId: "S153" });
    expect(people[0]).toEqual({ name: "", role: "sponsor", govtrackId: "300065" });
  });

  it("finds the same legislators in the bill's THOMAS page, by THOMAS id", () => {
    const govtrack = parseGovtrackBill(read("govtrack-s968-112.xml"));
    const thomas = parseThomasHtml(read("thomas-s968-112.html"));
    const ids = (people: { bioguideId?: string }[]) =>
      people.flatMap((p) => (p.bioguideId ? [p.bioguideId] : [])).sort();
    const fromThomas = enrichMetadata(thomas, resolver).people;
    expect(ids(fromThomas)).toEqual(ids(enrichMetadata(govtrack, resolver).people));
    expect(fromThomas.find((p) => p.thomasId === "02076")).toMatchObject({
      name: "Sen Blumenthal, Richard",
      bioguideId: "B001277",
    });
  });

  it("names the record of a former member a THOMAS id keys as the page lists them, in reading order", () => {
    const found = enrichMetadata(parseThomasHtml(read("thomas-s968-112.html")), resolver);
    // Leahy, the sponsor, is not in the current data: his record is `thomas:01383`.
    expect(found.people.find((p) => p.role === "sponsor")).toMatchObject({ thomasId: "01383" });
    expect(found.names.get("thomas:01383")).toBe("Patrick J. Leahy");
    expect(found.names.get("B001277")).toBe("Richard Blumenthal");
  });

  it("names a former senator's LIS-keyed record as a Senate vote names him in full", () => {
    const vote = enrichMetadata(parseVoteJson(readVote("vote-115-2018-s106.json")), resolver);
    // Shelby left in 2023: the data does not hold him, a bill's text calls him "Mr. Shelby".
    expect(vote.people.find((p) => p.lisId === "S184")).toMatchObject({ name: "Richard Shelby" });
    expect(resolver.get("S184")).toBeNull();
    expect(vote.names.get("S184")).toBe("Richard Shelby");
  });

  it("gives a bill's sponsor the party and state of the term served, and the data's name for their record", async () => {
    const bytes = fs.readFileSync(
      path.resolve(__dirname, "../../test/fixtures/gov/bill-text/billsim/116/bills/hr2009/BILLS-116hr2009ih.xml"),
    );
    const doc = await parseBillDtd(new Uint8Array(bytes));
    const found = enrichMetadata(doc, resolver);
    // The text says "Ms. Clarke of New York" and her bioguide id, not her party.
    expect(found.people.find((p) => p.role === "sponsor")).toMatchObject({
      name: "Ms. Clarke of New York",
      bioguideId: "C001067",
      party: "Democrat",
      state: "NY",
    });
    expect(found.names.get("C001067")).toBe("Yvette D. Clarke");
    // Members the data does not hold (it has current members only) are left as the text gives them.
    const unknown = found.people.filter((p) => !p.bioguideId || !resolver.get(p.bioguideId));
    for (const p of unknown) expect(p.party).toBeUndefined();
    expect(enrichMetadata(doc, null).names.size).toBe(0);
  });

  it("names a committee as the committees data does, from a THOMAS page's name or GovTrack's code alike", async () => {
    const committees = createCommitteeResolver(await loadCommitteesFile());
    const judiciary = [{ name: "Senate Committee on the Judiciary", code: "ssju00", chamber: "senate" }];
    const thomas = parseThomasHtml(read("thomas-s968-112.html"));
    expect(thomas.metadata.committees).toEqual([{ name: "Senate Judiciary", chamber: "senate" }]);
    expect(enrichMetadata(thomas, null, committees).committees).toEqual(judiciary);
    const govtrack = parseGovtrackBill(read("govtrack-s968-112.xml"));
    expect(enrichMetadata(govtrack, null, committees).committees).toEqual(judiciary);
    expect(enrichMetadata(thomas, null).committees).toEqual(thomas.metadata.committees);
  });

  it("leaves people as the document gives them without a resolver", () => {
    const doc = parseGovtrackBill(read("govtrack-hr1954-112.xml"));
    expect(enrichMetadata(doc, null).people).toEqual([{ name: "", role: "sponsor", govtrackId: "400058" }]);
  });
});
