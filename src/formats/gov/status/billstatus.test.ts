import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "../../../core/errors";
import { sniff } from "../index";
import { billStatusParser, parseBillStatus } from "./billstatus";

const FIXTURES = path.resolve(__dirname, "../../../../test/fixtures/gov/status");
const read = (name: string) => new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));

describe("BILLSTATUS, legacy layout", () => {
  const doc = parseBillStatus(read("BILLSTATUS-114s1300.xml"));
  const m = doc.metadata;

  it("reads the bill id from <billNumber>/<billType>", () => {
    expect(doc.parser).toBe("billstatus-xml");
    expect(m.documentType).toBe("bill-status");
    expect([m.billId, m.congress, m.billType, m.billNumber]).toEqual(["114-s-1300", 114, "s", 1300]);
    expect([m.date, m.dateKind, m.chamber]).toEqual(["2015-05-12", "introduced", "senate"]);
    expect(m.title).toBe("Adoptive Family Relief Act");
  });

  it("reads titles with what they were titled as", () => {
    expect(m.titles).toHaveLength(7);
    expect(m.titles[0]).toEqual({ type: "short", text: "Adoptive Family Relief Act", as: "Enacted" });
    expect(m.titles.find((t) => t.type === "official")).toEqual({
      type: "official",
      text: "A bill to amend the section 221 of the Immigration and Nationality Act to provide relief for adoptive families from immigrant visa fees in certain situations.",
      as: "Introduced",
    });
  });

  it("reads the sponsor and cosponsors, party and state from the full name when not given apart", () => {
    const sponsors = m.people.filter((p) => p.role === "sponsor");
    expect(sponsors).toEqual([
      { name: "Sen. Feinstein, Dianne [D-CA]", role: "sponsor", bioguideId: "F000062", party: "D", state: "CA" },
    ]);
    const cosponsors = m.people.filter((p) => p.role === "cosponsor");
    expect(cosponsors).toHaveLength(21);
    expect(cosponsors.filter((p) => p.original)).toHaveLength(6);
    expect(cosponsors[0]).toEqual({
      name: "Sen. Johnson, Ron [R-WI]",
      role: "cosponsor",
      bioguideId: "J000293",
      party: "R",
      state: "WI",
      date: "2015-05-12",
      original: true,
      withdrawn: false,
    });
  });

  it("reads committees, actions, subjects, summaries, related bills and the public law", () => {
    expect(m.committees).toEqual([{ name: "Judiciary Committee", code: "ssju00", chamber: "senate" }]);
    expect(m.actions).toHaveLength(24);
    expect(m.actions[0]).toEqual({
      date: "2015-10-16",
      text: "Became Public Law No: 114-70.",
      chamber: "house",
      code: "E40000",
    });
    expect(m.policyArea).toBe("Immigration");
    expect(m.subjects).toEqual([
      "Adoption and foster care",
      "Immigration status and procedures",
      "User charges and fees",
      "Visas and passports",
    ]);
    expect(m.summaries).toHaveLength(5);
    expect(m.summaries[0]?.description).toBe("Introduced in Senate");
    expect(m.summaries[0]?.date).toBe("2015-05-12");
    expect(m.summaries[0]?.text).toMatch(/^Adoptive Family Relief Act\n\nThis bill amends the Immigration/);
    expect(m.summaries[0]?.text).not.toMatch(/<|&lt;/);
    expect(m.relatedBills).toEqual(["114-s-1635", "114-hr-2922"]);
    expect(m.citations).toEqual([{ kind: "public-law", target: "pl/114/70", text: "Public Law 114-70" }]);
    expect(m.publicLaw).toBe("114-70");
  });

  it("renders a readable text with sections pointing into it", () => {
    expect(doc.text.startsWith("Adoptive Family Relief Act\n\nTitles\n")).toBe(true);
    expect(doc.sections.map((s) => s.path)).toEqual([
      "Titles",
      "Sponsors",
      "Summaries",
      "Summaries > Introduced in Senate, 2015-05-12",
      "Summaries > Reported to Senate without amendment, 2015-07-09",
      "Summaries > Passed Senate without amendment, 2015-07-14",
      "Summaries > Passed House without amendment, 2015-10-06",
      "Summaries > Public Law, 2015-10-16",
      "Actions",
      "Laws",
      "Subjects",
    ]);
    for (const section of doc.sections) {
      expect(doc.text.slice(section.start).startsWith(section.heading)).toBe(true);
    }
    expect(doc.text).toContain("2015-10-16: Became Public Law No: 114-70.");
  });
});

describe("BILLSTATUS 3.0.0 layout", () => {
  it("reads <number>/<type> and the flat lists", () => {
    const m = parseBillStatus(read("BILLSTATUS-117hr5282.xml")).metadata;
    expect([m.billId, m.congress, m.billType, m.billNumber]).toEqual(["117-hr-5282", 117, "hr", 5282]);
    expect(m.title).toBe("Care for our Firefighters Act");
    expect(m.people).toEqual([
      {
        name: "Rep. Neguse, Joe [D-CO-2]",
        role: "sponsor",
        bioguideId: "N000191",
        party: "D",
        state: "CO",
        district: "2",
      },
      {
        name: "Rep. Porter, Katie [D-CA-45]",
        role: "cosponsor",
        bioguideId: "P000618",
        party: "D",
        state: "CA",
        district: "45",
        date: "2021-09-17",
        original: true,
        withdrawn: false,
      },
    ]);
    expect(m.committees.map((c) => c.code)).toEqual(["hsag00", "hsag15", "hsii00", "hsii10"]);
    expect(m.committees[0]).toEqual({ name: "Agriculture Committee", code: "hsag00", chamber: "house" });
    expect(m.actions).toHaveLength(6);
    expect(m.actions[0]).toEqual({
      date: "2021-10-21",
      text: "Referred to the Subcommittee on Conservation and Forestry.",
      chamber: "house",
      code: "Committee",
    });
    expect(m.policyArea).toBe("Public Lands and Natural Resources");
    expect(m.subjects).toEqual(["Health"]);
    expect(m.summaries).toHaveLength(1);
    expect(m.summaries[0]?.text.split("\n\n")[0]).toBe("Care for our Firefighters Act");
    expect(m.titles.map((t) => [t.type, t.as])).toEqual([
      ["display", undefined],
      ["short", "Introduced"],
      ["official", "Introduced"],
    ]);
  });

  it("reads the public law and the related bills of a joint resolution", () => {
    const m = parseBillStatus(read("BILLSTATUS-117sjres33.xml")).metadata;
    expect(m.billId).toBe("117-sjres-33");
    expect(m.citations).toEqual([{ kind: "public-law", target: "pl/117/73", text: "Public Law 117-73" }]);
    expect(m.publicLaw).toBe("117-73");
    expect(m.relatedBills).toEqual(["117-hres-852"]);
    expect(m.summaries.map((s) => s.description)).toEqual(["Introduced in Senate", "Passed House", "Public Law"]);
  });

  it("marks a withdrawn cosponsor", () => {
    const m = parseBillStatus(read("DEV-BILLSTATUS-115hr367.xml")).metadata;
    expect(m.billId).toBe("115-hr-367");
    expect(m.people.filter((p) => p.role === "cosponsor")).toHaveLength(167);
    expect(m.people.filter((p) => p.withdrawn).map((p) => [p.bioguideId, p.date])).toEqual([["D000191", "2017-06-20"]]);
    expect(m.relatedBills).toEqual(["115-hr-3139", "115-hr-3668", "115-s-1505", "115-s-59"]);
    // `<laws />`: the bill became no law.
    expect(m.publicLaw).toBeUndefined();
  });
});

describe("billStatusParser", () => {
  it("accepts bill status by its root element only", () => {
    expect(billStatusParser.accepts(sniff(read("BILLSTATUS-117hr5282.xml"), "xml"))).toBe(true);
    const other = new TextEncoder().encode('<?xml version="1.0"?><bill><billNumber>1</billNumber></bill>');
    expect(billStatusParser.accepts(sniff(other, "xml"))).toBe(false);
  });

  it("refuses records it cannot read, with a reason", () => {
    const bad = (text: string) => () => parseBillStatus(new TextEncoder().encode(text));
    expect(bad("")).toThrow(AppError);
    expect(bad("<billStatus><bill><congress>117</congress></bill></billStatus>")).toThrow(/congress, bill type/);
    expect(bad("<roll/>")).toThrow(/billStatus/);
    expect(bad(`<billStatus>${"<a>".repeat(6000)}</billStatus>`)).toThrow(/nested more than/);
  });

  it("never resolves external entities", () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE b [<!ENTITY x SYSTEM "file:///etc/passwd">]>
      <billStatus><bill><congress>117</congress><type>HR</type><number>1</number><title>&x;</title></bill></billStatus>`;
    const doc = parseBillStatus(new TextEncoder().encode(xxe));
    expect(doc.metadata.title).toBe("&x;");
    expect(doc.text).not.toContain("root:");
  });
});
