import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../../../core/errors";
import { sniff } from "../index";
import { govtrackBillParser, parseGovtrackBill } from "./govtrack-bill";
import { hearingParser, parseHearing } from "./hearing";
import { thomasBillId, usDate } from "./legacy-codes";
import { parseThomasHtml, thomasHtmlParser } from "./thomas-html";

const FIXTURES = path.resolve(__dirname, "../../../../test/fixtures/gov/misc");
const read = (name: string) => new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));

describe("THOMAS bill summary and status pages", () => {
  it("reads the bill, sponsor, actions, committees, related bills and summary", () => {
    const doc = parseThomasHtml(read("thomas-hr1954-112.html"));
    const m = doc.metadata;
    expect(doc.parser).toBe("thomas-html");
    expect([m.documentType, m.billId, m.congress, m.billType, m.billNumber]).toEqual([
      "bill-status",
      "112-hr-1954",
      112,
      "hr",
      1954,
    ]);
    expect(m.title).toBe("To implement the President's request to increase the statutory limit on the public debt.");
    expect([m.date, m.dateKind]).toEqual(["2011-05-24", "introduced"]);
    expect(m.people).toEqual([
      { name: "Rep Camp, Dave", role: "sponsor", state: "MI", district: "4", thomasId: "00166" },
    ]);
    expect(m.actions).toHaveLength(8);
    expect(m.actions[0]).toEqual({ date: "2011-05-24", text: "Referred to the House Committee on Ways and Means." });
    expect(m.committees).toEqual([{ name: "House Ways and Means", chamber: "house" }]);
    expect(m.relatedBills).toEqual(["112-hr-2544", "112-hr-2663", "112-s-1326"]);
    expect(m.subjects).toEqual(["Economics and public finance", "Budget deficits and national debt"]);
    expect(m.summaries).toEqual([
      {
        text: "Increases the statutory limit on the public debt from $14.294 trillion to $16.7 trillion.",
        date: "2011-05-24",
        description: "Introduced",
      },
    ]);
    expect(m.titles).toEqual([{ type: "official", text: m.title, as: "Introduced" }]);
  });

  it("reads cosponsors with their dates and withdrawals, and popular titles", () => {
    const m = parseThomasHtml(read("thomas-s968-112.html")).metadata;
    const cosponsors = m.people.filter((p) => p.role === "cosponsor");
    expect(cosponsors).toHaveLength(41);
    expect(cosponsors.filter((p) => p.withdrawn)).toHaveLength(10);
    expect(m.people[0]).toEqual({ name: "Sen Leahy, Patrick J.", role: "sponsor", state: "VT", thomasId: "01383" });
    expect(cosponsors[0]).toEqual({
      name: "Sen Alexander, Lamar",
      role: "cosponsor",
      state: "TN",
      thomasId: "01695",
      date: "2011-05-25",
      withdrawn: false,
    });
    expect(cosponsors.find((p) => p.name === "Sen Hatch, Orrin G.")).toMatchObject({
      thomasId: "01351",
      date: "2011-05-12",
      withdrawn: true,
    });
    expect(cosponsors.every((p) => /^\d{5}$/.test(p.thomasId ?? ""))).toBe(true);
    expect(m.titles[0]).toEqual({ type: "popular", text: "PIPA" });
    expect(m.titles.filter((t) => t.as === "Reported to Senate")).toHaveLength(2);
  });
});

describe("GovTrack bill XML", () => {
  it("reads the bill record", () => {
    const doc = parseGovtrackBill(read("govtrack-hr1954-112.xml"));
    const m = doc.metadata;
    expect(doc.parser).toBe("govtrack-bill-xml");
    expect([m.billId, m.date, m.chamber]).toEqual(["112-hr-1954", "2011-05-24", "house"]);
    expect(m.titles).toEqual([
      {
        type: "official",
        text: "To implement the President's request to increase the statutory limit on the public debt.",
        as: "introduced",
      },
    ]);
    expect(m.people).toEqual([{ name: "", role: "sponsor", govtrackId: "400058" }]);
    expect(doc.text).toContain("Sponsor: GovTrack person 400058");
    expect(m.committees).toEqual([{ name: "House Ways and Means", code: "hswm", chamber: "house" }]);
    expect(m.actions).toHaveLength(8);
    expect(m.actions[6]).toMatchObject({ date: "2011-05-31", chamber: "house", code: "PROV_KILL:SUSPENSIONFAILED" });
    expect(m.relatedBills).toEqual(["112-hr-2544", "112-hr-2663", "112-s-1326"]);
    expect(m.summaries).toEqual([
      {
        text: "Increases the statutory limit on the public debt from $14.294 trillion to $16.7 trillion.",
        date: "2011-05-24",
        description: "Introduced",
      },
    ]);
  });

  it("names the bill by the first short title of its latest stage", () => {
    const m = parseGovtrackBill(read("govtrack-s968-112.xml")).metadata;
    expect(m.title).toBe(
      "Preventing Real Online Threats to Economic Creativity and Theft of Intellectual Property Act of 2011",
    );
    expect(m.titles[0]).toEqual({ type: "popular", text: "PIPA" });
    expect(m.relatedBills).toEqual(["112-hr-3261"]);
  });

  it("reads sponsor and cosponsors by their GovTrack ids, with dates and withdrawals", () => {
    const people = parseGovtrackBill(read("govtrack-s968-112.xml")).metadata.people;
    expect(people).toHaveLength(42);
    expect(people[0]).toEqual({ name: "", role: "sponsor", govtrackId: "300065" });
    expect(people[1]).toEqual({
      name: "",
      role: "cosponsor",
      govtrackId: "300052",
      date: "2011-05-12",
      withdrawn: true,
    });
    // The THOMAS page of the same bill lists the same 41 cosponsors, 10 of them withdrawn.
    expect(people.filter((p) => p.role === "cosponsor" && p.withdrawn)).toHaveLength(10);
  });
});

describe("the public law a legacy record's bill became", () => {
  it("is read from GovTrack's <enacted> action and THOMAS's 'Became Public Law No:' action alike", () => {
    const govtrack = parseGovtrackBill(read("govtrack-hr6331-110.xml")).metadata;
    const thomas = parseThomasHtml(read("thomas-hr6331-110.html")).metadata;
    for (const m of [govtrack, thomas]) {
      expect(m.billId).toBe("110-hr-6331");
      expect(m.publicLaw).toBe("110-275");
      expect(m.citations).toEqual([{ kind: "public-law", target: "pl/110/275", text: "Public Law 110-275" }]);
    }
    expect(parseThomasHtml(read("thomas-hr6331-110.html")).text).toContain("\nLaws\nPublic Law 110-275\n");
    expect(thomas.people.map((p) => [p.role, p.thomasId])).toEqual([
      ["sponsor", "00944"],
      ["cosponsor", "00299"],
    ]);
    expect(govtrack.people.map((p) => [p.role, p.govtrackId])).toEqual([
      ["sponsor", "400333"],
      ["cosponsor", "400110"],
    ]);
  });

  it("is absent for a bill that became no law", () => {
    expect(parseGovtrackBill(read("govtrack-s968-112.xml")).metadata.publicLaw).toBeUndefined();
    expect(parseThomasHtml(read("thomas-s968-112.html")).metadata.publicLaw).toBeUndefined();
  });
});

describe("House committee meetings and witness lists", () => {
  it("reads a committee meeting", () => {
    const doc = parseHearing(read("sample_hearing.xml"));
    expect(doc.metadata).toMatchObject({
      documentType: "hearing",
      congress: 113,
      chamber: "house",
      date: "2014-05-19",
      dateKind: "hearing",
      billId: "113-hr-4435",
      relatedBills: ["113-hr-4435"],
      committees: [{ name: "Committee on Rules", code: "ru00" }],
    });
    expect(doc.title).toMatch(/^H\.R\. 4435—National Defense Authorization Act/);
    expect(doc.text).toContain("Location: H-313, CAPITOL");
  });

  it("reads witnesses", () => {
    const doc = parseHearing(read("sample_witness.xml"));
    expect(doc.metadata.people).toEqual([{ name: "Mr. James P. Cochrane", role: "witness" }]);
    expect(doc.text).toContain(
      "Mr. James P. Cochrane, Chief Information Officer and Executive Vice President, U.S. Postal Service",
    );
  });
});

describe("legacy formats", () => {
  it("accept by content", () => {
    expect(thomasHtmlParser.accepts(sniff(read("thomas-hr1954-112.html"), "html"))).toBe(true);
    expect(govtrackBillParser.accepts(sniff(read("govtrack-hr1954-112.xml"), "xml"))).toBe(true);
    expect(hearingParser.accepts(sniff(read("sample_witness.xml"), "xml"))).toBe(true);
    expect(govtrackBillParser.accepts(sniff(read("sample_witness.xml"), "xml"))).toBe(false);
    const uslm = new TextEncoder().encode('<bill xmlns="http://schemas.gpo.gov/xml/uslm"><meta/></bill>');
    expect(govtrackBillParser.accepts(sniff(uslm, "xml"))).toBe(false);
  });

  it("read legacy codes and dates", () => {
    expect([
      thomasBillId("112", "SN", "01326"),
      thomasBillId("112", "HE", "9"),
      thomasBillId("112", "HZ", "1"),
    ]).toEqual(["112-s-1326", "112-hres-9", null]);
    expect([usDate("5/24/2011"), usDate("13/1/2011"), usDate(undefined)]).toEqual(["2011-05-24", undefined, undefined]);
  });

  it("fail only with AppError on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom("<bill ", "<witness-list>", "legislation.112hr1 "), (text, prefix) => {
        for (const parse of [parseThomasHtml, parseGovtrackBill, parseHearing]) {
          try {
            parse(new TextEncoder().encode(prefix + text));
          } catch (error) {
            expect(error).toBeInstanceOf(AppError);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
