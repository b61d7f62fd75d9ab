import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { GovDocument } from "../types";
import { congressFromWords } from "./common";
import { normaliseReference } from "./references";
import { parseBillText } from "./test-support";

const FIXTURES = new URL("../../../../test/fixtures/gov/bill-text/", import.meta.url);
const HR2008 = "billsim/117/bills/hr2008/";

async function parse(name: string): Promise<GovDocument> {
  const bytes = new Uint8Array(readFileSync(new URL(name, FIXTURES)));
  const doc = await parseBillText(bytes, /\.html?$/.test(name) ? "html" : name.endsWith(".pdf") ? "pdf" : "xml");
  if (!doc) throw new Error(`${name}: no parser accepted it`);
  return doc;
}

function expectValidSections(doc: GovDocument): void {
  for (const s of doc.sections) {
    expect(s.start).toBeLessThanOrEqual(s.end);
    expect(s.end).toBeLessThanOrEqual(doc.text.length);
    const flat = doc.text.slice(s.start, s.start + 400).replace(/\s+/g, " ");
    expect(flat.startsWith(s.heading.slice(0, 10))).toBe(true);
  }
}

describe("USLM 2 bills and resolutions", () => {
  it("reads a GPO resolution with sponsor, cosponsors and committee ids", async () => {
    const doc = await parse("HR1000_IH.XML");
    const m = doc.metadata;
    expect(doc.parser).toBe("uslm-xml");
    expect(m).toMatchObject({ documentType: "resolution", billId: "116-hres-1000", congress: 116, billType: "hres" });
    expect(m).toMatchObject({ billNumber: 1000, date: "2020-06-11", dateKind: "introduced", chamber: "house" });
    expect(m.version).toEqual({ code: "ih", name: "Introduced in House" });
    expect(m.title).toBe(
      "Expressing support for the designation of June 12, 2020, as “Women Veterans Appreciation Day”.",
    );
    expect(m.people.filter((p) => p.role === "sponsor")).toEqual([
      { name: "Ms. Sherrill", role: "sponsor", bioguideId: "S001207" },
    ]);
    expect(m.people.filter((p) => p.role === "cosponsor")).toHaveLength(11);
    expect(m.people).toContainEqual({ name: "Ms. Brownley of California", role: "cosponsor", bioguideId: "B001285" });
    expect(m.committees).toEqual([{ name: "Committee on Oversight and Reform", code: "hgo00", chamber: "house" }]);
    expectValidSections(doc);
  });

  it("reads Senate sponsors by LIS id, short titles, section paths and identifiers", async () => {
    const doc = await parse("BILLS-114s32cds.xml");
    const m = doc.metadata;
    expect(m.billId).toBe("114-s-32");
    expect(m.version).toEqual({ code: "cds", name: "Committee Discharged Senate" });
    expect(m.title).toBe("Transnational Drug Trafficking Act of 2015");
    expect(m.people[0]).toEqual({ name: "Mrs. Feinstein", role: "sponsor", lisId: "S221" });
    expect(m.people).toHaveLength(6);
    expect(m.committees.map((c) => c.code)).toEqual(["ssfi00", "ssju00"]);
    expect(doc.sections).toHaveLength(10);
    const s2 = doc.sections.find((s) => s.path === "Sec. 2 > (1)");
    expect(s2?.identifier).toBe("/us/bill/114/s/32/s2/1");
    const cite = m.citations[0];
    expect(cite).toMatchObject({ kind: "usc", target: "usc/21/959", text: "21 U.S.C. 959" });
    expect(doc.text.slice(cite?.start, cite?.end)).toBe("21 U.S.C. 959");
    expect(m.citations).toContainEqual(expect.objectContaining({ target: "usc/18/ch113", text: "Chapter 113" }));
    expectValidSections(doc);
  });

  it("reads a bill with no number in its meta block from its Dublin Core title", async () => {
    const m = (await parse("S2245_IS.XML")).metadata;
    expect(m.billId).toBe("116-s-2245");
    expect(m.title).toBe("Maximizing America’s Prosperity Act of 2019");
    expect(m.people.map((p) => p.lisId)).toEqual(["S397", expect.stringMatching(/^S\d+$/)]);
  });

  it("reads the Xcential conversions of the bill DTD", async () => {
    const doc = await parse(`${HR2008}BILLS-117hr2008rfs-uslm.xml`);
    expect(doc.metadata).toMatchObject({
      billId: "117-hr-2008",
      chamber: "senate",
      title: "Local Water Protection Act",
    });
    expect(doc.metadata.version?.code).toBe("rfs");
    expect(doc.sections.map((s) => [s.path, s.identifier])).toEqual([
      ["Sec. 1", "/s1"],
      ["Sec. 2", "/s2"],
    ]);
  });
});

describe("other USLM documents", () => {
  it("reads USLM 1.0 by its legis-num, not its wrong compact citation", async () => {
    const doc = await parse("BILLS-116sconres14enr.xml");
    expect(doc.metadata).toMatchObject({ documentType: "resolution", billId: "116-sconres-14", date: "2019-05-22" });
    expect(doc.metadata.version?.code).toBe("enr");
    expect(doc.sections.map((s) => s.path)).toEqual(["Sec. 1", "Sec. 1 > (a)", "Sec. 1 > (b)"]);
    // Its signature lines name only the offices: the same words under every enrolled bill, left out.
    expect(doc.text).not.toContain("Secretary of the Senate");
    expect(doc.text.trimEnd()).toMatch(/[a-z]\.$/);
  });

  it("keeps signatures that name the signer or the date", async () => {
    const doc = await parse(`${HR2008}BILLS-117hr2008eh-uslm.xml`);
    expect(doc.text).toContain("Cheryl L. Johnson");
    expect(doc.text).toContain("Passed the House of Representatives June 15, 2021.");
  });

  it("reads a public law: the bill it enacts, the date approved, its references", async () => {
    const doc = await parse("115publ11-uslm.xml");
    const m = doc.metadata;
    expect(m).toMatchObject({ documentType: "public-law", billId: "115-hjres-37", date: "2017-03-27" });
    expect(m).toMatchObject({ dateKind: "enacted", version: { code: "publ", name: "Public Law" } });
    expect(m.publicLaw).toBe("115-11");
    expect(m.citations[0]).toMatchObject({ kind: "bill", target: "bill/115-hjres-37", text: "H.J. Res. 37" });
  });

  it("reads a short title the enrolled text quotes without its quotation marks", async () => {
    const doc = await parse("113hjres91enr_good.xml");
    const title = "Department of Defense Survivor Benefits Continuing Appropriations Resolution, 2014";
    expect(doc.metadata.titles).toContainEqual({ type: "short", text: title });
    expect(doc.title).toBe(title);
  });

  it("reads a statute compilation", async () => {
    const doc = await parse("COMPS-1656.xml");
    const m = doc.metadata;
    expect(m).toMatchObject({ documentType: "statute-compilation", congress: 89, date: "1965-10-30" });
    expect(m.title).toBe("Anadromous Fish Conservation Act");
    expect(m.citations[0]).toMatchObject({ kind: "usc", target: "usc/16/757a", text: "16 U.S.C. 757a" });
    expect(doc.sections).toHaveLength(16);
    expectValidSections(doc);
  });

  it("reads an engrossed amendment", async () => {
    const doc = await parse("BILLS-116hr1865eas.xml");
    expect(doc.metadata).toMatchObject({ documentType: "amendment", billId: "116-hr-1865", date: "2019-11-12" });
    expect(doc.metadata.version?.code).toBe("eas");
    expect(doc.text).toContain("FINANCIAL ASSURANCES");
  });
});

describe("bill DTD", () => {
  it("reads sponsor, cosponsor and committee from the form, the short title from the body", async () => {
    const doc = await parse(`${HR2008}BILLS-117hr2008ih.xml`);
    const m = doc.metadata;
    expect(doc.parser).toBe("bill-dtd-xml");
    expect(m).toMatchObject({ billId: "117-hr-2008", date: "2021-03-18", dateKind: "introduced", chamber: "house" });
    expect(m.titles).toEqual([
      {
        type: "official",
        text: "To amend the Federal Water Pollution Control Act to reauthorize certain programs relating to nonpoint source management, and for other purposes.",
      },
      { type: "short", text: "Local Water Protection Act" },
    ]);
    expect(m.title).toBe("Local Water Protection Act");
    expect(m.people).toEqual([
      { name: "Ms. Craig", role: "sponsor", bioguideId: "C001119" },
      { name: "Mr. Mast", role: "cosponsor", bioguideId: "M001199" },
    ]);
    expect(m.committees).toEqual([
      { name: "Committee on Transportation and Infrastructure", code: "hpw00", chamber: "house" },
    ]);
    expect(m.citations).toHaveLength(1);
    const cite = m.citations[0];
    expect(cite).toMatchObject({ kind: "usc", target: "usc/33/1329", text: "33 U.S.C. 1329(j)" });
    expect(doc.text.slice(cite?.start, cite?.end)).toBe("33 U.S.C. 1329(j)");
    expect(doc.text).toContain("This Act may be cited as the “Local Water Protection Act”.");
    expect(doc.sections.map((s) => `${s.path} | ${s.heading}`)).toEqual([
      "Sec. 1 | 1. Short title",
      "Sec. 2 | 2. Nonpoint source management programs",
    ]);
  });

  it("dates a reported version by its latest action", async () => {
    const m = (await parse(`${HR2008}BILLS-117hr2008rh.xml`)).metadata;
    expect(m).toMatchObject({
      date: "2021-05-28",
      dateKind: "action",
      version: { code: "rh", name: "Reported in House" },
    });
  });
});

describe("bill MODS", () => {
  it("reads the bill, version, members with bioguide ids, committees and Code references", async () => {
    const doc = await parse(`${HR2008}BILLS-117hr2008ih_mods.xml`);
    const m = doc.metadata;
    expect(doc.parser).toBe("bill-mods-xml");
    expect(m).toMatchObject({ documentType: "bill-mods", billId: "117-hr-2008", date: "2021-03-18" });
    expect(m.version?.code).toBe("ih");
    expect(m.title).toBe("Local Water Protection Act");
    expect(m.people).toEqual([
      { name: "Angie Craig", role: "sponsor", bioguideId: "C001119", party: "D", state: "MN" },
      { name: "Brian J. Mast", role: "cosponsor", bioguideId: "M001199", party: "R", state: "FL" },
    ]);
    expect(m.committees[0]).toMatchObject({ code: "hspw00", chamber: "house" });
    expect(m.citations).toEqual([{ kind: "usc", target: "usc/33/1329", text: "33 U.S.C. 1329(j)" }]);
  });
});

describe("bill HTML", () => {
  it("reads the banner, the form and the sections of GPO's text rendering", async () => {
    const doc = await parse("billsim/116/bills/hr2000/BILLS-116hr2000ih.htm");
    const m = doc.metadata;
    expect(doc.parser).toBe("bill-html");
    expect(m).toMatchObject({ billId: "116-hr-2000", date: "2019-04-01", dateKind: "introduced", chamber: "house" });
    expect(m.version).toEqual({ code: "ih", name: "Introduced in House" });
    expect(m.titles).toEqual([
      { type: "official", text: "To establish a public health plan." },
      { type: "short", text: "Medicare-X Choice Act of 2019" },
    ]);
    expect(m.people).toEqual([
      { name: "Mr. Delgado", role: "sponsor" },
      { name: "Mr. Larson of Connecticut", role: "cosponsor" },
      { name: "Mr. Higgins of New York", role: "cosponsor" },
    ]);
    expect(doc.sections.slice(3, 5).map((s) => `${s.path} | ${s.heading}`)).toEqual([
      "Sec. 3 | SEC. 3. REINSURANCE.",
      "Sec. 3 > (a) | (a) In General.--",
    ]);
    expect(doc.sections).toHaveLength(17);
    expectValidSections(doc);
  });

  it("dates a version referred to the Senate by its latest action", async () => {
    const m = (await parse(`${HR2008}BILLS-117hr2008rfs.htm`)).metadata;
    expect(m).toMatchObject({ billId: "117-hr-2008", date: "2021-06-16", dateKind: "action", chamber: "senate" });
  });

  it("dates an engrossed version, which has no action line, by its attestation, in every rendering", async () => {
    for (const file of ["eh.xml", "eh-uslm.xml", "eh.htm", "eh.pdf"]) {
      const m = (await parse(`${HR2008}BILLS-117hr2008${file}`)).metadata;
      expect(m, file).toMatchObject({ version: { code: "eh" }, date: "2021-06-15", dateKind: "action" });
    }
    // A later version repeats the House's attestation; it is not that version's date.
    expect((await parse(`${HR2008}BILLS-117hr2008rfs-uslm.xml`)).metadata.date).toBeUndefined();
  });
});

describe("bill XHTML", () => {
  it("reads the legislative number, the stage, the form and the sections by indentation class", async () => {
    const doc = await parse("BILLS-119hr9025ih.html");
    const m = doc.metadata;
    expect(doc.parser).toBe("bill-xhtml");
    expect(m).toMatchObject({ billId: "119-hr-9025", date: "2026-05-26", dateKind: "introduced", chamber: "house" });
    expect(m.version?.code).toBe("ih");
    expect(m.title).toBe(
      "To designate the facility of the United States Postal Service located at 200 1st Avenue Southeast in Austin, Minnesota, as the “John Madden Memorial Post Office”.",
    );
    expect(m.people.map((p) => `${p.role}:${p.name}`)).toEqual([
      "sponsor:Mr. Finstad",
      "cosponsor:Mr. Emmer",
      "cosponsor:Mr. Stauber",
      "cosponsor:Mrs. Fischbach",
      "cosponsor:Ms. Morrison",
      "cosponsor:Ms. Craig",
      "cosponsor:Ms. McCollum",
    ]);
    expect(doc.sections.map((s) => `${s.path} | ${s.heading}`)).toEqual([
      "Sec. 1 | SECTION 1. John Madden Memorial Post Office.",
      "Sec. 1 > (a) | (a) Designation.—",
      "Sec. 1 > (b) | (b) References.—",
    ]);
    expectValidSections(doc);
  });
});

describe("bill PDF", () => {
  it("recovers the bill, the form and the sections from the text, without GPO's production lines", async () => {
    const doc = await parse(`${HR2008}BILLS-117hr2008rfs.pdf`);
    const m = doc.metadata;
    expect(doc.parser).toBe("bill-pdf");
    expect(m).toMatchObject({ billId: "117-hr-2008", date: "2021-06-16", dateKind: "action", chamber: "senate" });
    expect(m.version).toEqual({ code: "rfs", name: "Referred in Senate" });
    expect(m.title).toBe("Local Water Protection Act");
    expect(doc.text).not.toMatch(/VerDate|with BILLS|E:\\BILLS/);
    expect(doc.sections.map((s) => `${s.path} | ${s.heading}`)).toEqual([
      "Sec. 1 | SECTION 1. SHORT TITLE.",
      "Sec. 2 | SEC. 2. NONPOINT SOURCE MANAGEMENT PROGRAMS.",
    ]);
    expectValidSections(doc);
  });
});

describe("congressFromWords", () => {
  it.each([
    ["One Hundred Sixteenth Congress of the United States of America", 116],
    ["One Hundred Twenty-first Congress", 121],
    ["Ninety-ninth Congress", 99],
    ["Seventy Congress", 70],
  ])("%s → %d", (text, congress) => {
    expect(congressFromWords(text)).toBe(congress);
  });

  it("is undefined for anything else", () => {
    expect(congressFromWords("117th CONGRESS")).toBeUndefined();
  });
});

describe("normaliseReference", () => {
  it.each([
    ["/us/usc/t42/s1395/a", "usc/42/1395"],
    ["/us/usc/33/1329", "usc/33/1329"],
    ["/us/usc/t42/s1320a-7b/etseq", "usc/42/1320a-7b"],
    ["usc/42/1395", "usc/42/1395"],
    ["usc-chapter/42/7", "usc/42/ch7"],
    ["/us/pl/116/136/s2", "pl/116/136"],
    ["/us/stat/134/281", "stat/134/281"],
    ["/us/bill/115/hjres/37", "bill/115-hjres-37"],
  ])("%s → %s", (raw, target) => {
    expect(normaliseReference(raw)?.target).toBe(target);
  });

  it("has no target for the Federal Register or reports", () => {
    expect(normaliseReference("/us/fr/81/58562")).toBeNull();
    expect(normaliseReference("/us/hrpt/116/12")).toBeNull();
  });
});
