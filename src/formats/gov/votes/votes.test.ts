import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../../../core/errors";
import { sniff } from "../index";
import { normalisePosition, sessionOfYear } from "./vote-common";
import { parseVoteJson, voteJsonParser } from "./vote-json";
import { parseVoteXml, voteXmlParser } from "./vote-xml";

const FIXTURES = path.resolve(__dirname, "../../../../test/fixtures/gov/votes");
const read = (name: string) => new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));

const H147 = {
  congress: 115,
  session: 2,
  chamber: "house",
  rollNumber: 147,
  question:
    "On Motion to Suspend the Rules and Pass, as Amended: H R 2905 Justice for Victims of IRS Scams and Identity Theft Act of 2018",
  result: "Passed",
  counts: { yea: 403, nay: 3, present: 0, notVoting: 23 },
};

describe("roll-call vote XML (GovTrack <roll>)", () => {
  it("reads a House vote with bioguide ids", () => {
    const doc = parseVoteXml(read("vote-115-2018-h147.xml"));
    const m = doc.metadata;
    expect(doc.parser).toBe("vote-xml");
    expect(m.documentType).toBe("roll-call-vote");
    expect(m.vote).toEqual(H147);
    expect([m.date, m.dateKind, m.billId, m.billType, m.billNumber]).toEqual([
      "2018-04-18",
      "vote",
      "115-hr-2905",
      "hr",
      2905,
    ]);
    expect(m.people).toHaveLength(429);
    expect(m.people.every((p) => p.role === "voter" && p.bioguideId && !p.lisId)).toBe(true);
    expect(m.people[0]).toEqual({
      name: "A000374",
      role: "voter",
      position: "Yea",
      bioguideId: "A000374",
      state: "LA",
    });
    expect(m.people.filter((p) => p.position === "Nay").map((p) => p.bioguideId)).toEqual([
      "A000367",
      "M001184",
      "T000193",
    ]);
  });

  it("reads GovTrack's `hr` as a House resolution and Aye/No as Yea/Nay", () => {
    const m = parseVoteXml(read("vote-115-2018-h292.xml")).metadata;
    expect(m.billId).toBe("115-hres-961");
    expect(m.vote?.counts).toEqual({ yea: 222, nay: 172, present: 0, notVoting: 33 });
    expect(new Set(m.people.map((p) => p.position))).toEqual(new Set(["Yea", "Nay", "Not Voting"]));
  });

  it("reads a Senate vote with LIS ids, and a nomination vote without a bill", () => {
    const s106 = parseVoteXml(read("vote-115-2018-s106.xml")).metadata;
    expect([s106.chamber, s106.billId, s106.vote?.result]).toEqual(["senate", "115-s-2372", "Motion Agreed to"]);
    expect(s106.people).toHaveLength(100);
    expect(s106.people[0]).toEqual({ name: "S289", role: "voter", position: "Yea", lisId: "S289", state: "TN" });
    const s9 = parseVoteXml(read("vote-115-2018-s9.xml")).metadata;
    expect(s9.billId).toBeUndefined();
    expect(s9.vote?.counts).toEqual({ yea: 96, nay: 0, present: 0, notVoting: 4 });
  });

  it("renders a summary, then members by position", () => {
    const doc = parseVoteXml(read("vote-115-2018-h147.xml"));
    expect(doc.sections.map((s) => s.path)).toEqual(["Vote", "Yea (403)", "Nay (3)", "Not Voting (23)"]);
    expect(doc.text).toContain("House, 115th Congress, session 2, roll call 147\nDate: 2018-04-18\n");
    expect(doc.text).toContain("Yea 403, Nay 3, Present 0, Not Voting 23");
    const nay = doc.sections[2];
    expect(doc.text.slice(nay?.start, nay?.end)).toBe("Nay (3)\nA000367 (MI)\nM001184 (KY)\nT000193 (MS)");
  });
});

describe("roll-call vote JSON", () => {
  it("reads the same House vote as its XML, with names and parties", () => {
    const m = parseVoteJson(read("vote-115-2018-h147.json")).metadata;
    expect(m.vote).toEqual(H147);
    expect(m.billId).toBe("115-hr-2905");
    expect(m.people).toHaveLength(429);
    expect(m.people[0]).toEqual({
      name: "Amash",
      role: "voter",
      position: "Nay",
      bioguideId: "A000367",
      party: "R",
      state: "MI",
    });
    const xml = parseVoteXml(read("vote-115-2018-h147.xml")).metadata;
    const key = (p: { bioguideId?: string; position?: string }) => `${p.bioguideId}:${p.position}`;
    expect(new Set(m.people.map(key))).toEqual(new Set(xml.people.map(key)));
  });

  it("reads Senate members by LIS id, and Aye/No House positions", () => {
    const s106 = parseVoteJson(read("vote-115-2018-s106.json")).metadata;
    expect(s106.people[0]).toEqual({
      name: "Bob Corker",
      role: "voter",
      position: "Nay",
      lisId: "S310",
      party: "R",
      state: "TN",
    });
    expect(s106.vote?.counts).toEqual({ yea: 92, nay: 5, present: 0, notVoting: 3 });
    const h292 = parseVoteJson(read("vote-115-2018-h292.json")).metadata;
    expect(h292.billId).toBe("115-hres-961");
    expect(h292.people.filter((p) => p.position === "Nay")).toHaveLength(172);
    expect(parseVoteJson(read("vote-115-2018-s9.json")).text).toContain("Subject: PN1015: Walter David Counts III");
  });
});

describe("vote parsers", () => {
  it("accept by content", () => {
    expect(voteXmlParser.accepts(sniff(read("vote-115-2018-s9.xml"), "xml"))).toBe(true);
    expect(voteJsonParser.accepts(sniff(read("vote-115-2018-s9.json"), "text"))).toBe(true);
    expect(voteJsonParser.accepts(sniff(new TextEncoder().encode('{"votes": {}}'), "text"))).toBe(false);
    expect(voteXmlParser.accepts(sniff(new TextEncoder().encode("<roll>x</roll>"), "xml"))).toBe(false);
  });

  it("normalise positions and sessions", () => {
    expect(["Aye", "yea", "No", "Nay", "Present", "Not Voting", "Guilty"].map(normalisePosition)).toEqual([
      "Yea",
      "Yea",
      "Nay",
      "Nay",
      "Present",
      "Not Voting",
      "Guilty",
    ]);
    expect([
      sessionOfYear(115, 2017),
      sessionOfYear(115, 2018),
      sessionOfYear(115, 2019),
      sessionOfYear(1, 1789),
    ]).toEqual([1, 2, undefined, 1]);
  });

  it("refuse what they cannot read, with a reason", () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    expect(() => parseVoteJson(bytes("{"))).toThrow(/not valid JSON/);
    expect(() => parseVoteJson(bytes("[]"))).toThrow(AppError);
    expect(() => parseVoteJson(bytes('{"votes":{},"chamber":"x"}'))).toThrow(/chamber, congress/);
    expect(() => parseVoteXml(bytes("<rollcall/>"))).toThrow(/<roll>/);
    expect(() => parseVoteXml(bytes('<roll where="house"/>'))).toThrow(AppError);
    expect(() => parseVoteXml(new Uint8Array())).toThrow(/empty/);
  });

  it("fail only with AppError on arbitrary input", () => {
    const text = fc.oneof(fc.string(), fc.json(), fc.constant('<roll where="senate" session="115" roll="1"><voter'));
    fc.assert(
      fc.property(text, (value) => {
        for (const parse of [parseVoteJson, parseVoteXml]) {
          try {
            parse(new TextEncoder().encode(value));
          } catch (error) {
            expect(error).toBeInstanceOf(AppError);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
