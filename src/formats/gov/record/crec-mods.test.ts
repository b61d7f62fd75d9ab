import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { AppError } from "../../../core/errors";
import { crecMetsParser, crecModsParser, parseCrecMetadata } from "./crec-mods";
import { sniffOf } from "./test-support";

const FIXTURES = path.resolve(__dirname, "../../../../test/fixtures/gov/record");
const read = (name: string) => new Uint8Array(zlib.gunzipSync(fs.readFileSync(path.join(FIXTURES, name))));

describe("crec-mods-xml", () => {
  it("reads an issue's MODS: title, date, members with bioguide ids, bills and laws referenced", async () => {
    const doc = await crecModsParser.parse(read("CREC-2020-03-27-mods.xml.gz"));
    expect(doc.parser).toBe("crec-mods-xml");
    expect(doc.metadata).toMatchObject({
      documentType: "congressional-record",
      title: "Congressional Record, Vol. 166, no. 61",
      date: "2020-03-27",
      congress: 116,
      dateKind: "publication",
    });
    // Both chambers sit in one issue: the issue has no single chamber.
    expect(doc.metadata.chamber).toBeUndefined();
    expect(doc.metadata.people).toHaveLength(179);
    expect(doc.metadata.people[0]).toEqual({
      name: "Mike Rogers",
      role: "speaker",
      bioguideId: "R000575",
      party: "R",
      state: "AL",
      chamber: "house",
    });
    expect(doc.metadata.people.every((p) => /^[A-Z]\d{6}$/.test(p.bioguideId ?? ""))).toBe(true);
    expect(doc.metadata.relatedBills.slice(0, 3)).toEqual(["116-hr-748", "116-hres-891", "116-hres-911"]);
    expect(doc.metadata.citations).toContainEqual({
      kind: "public-law",
      target: "pl/93/288",
      text: "Public Law 93-288",
    });
    expect(doc.metadata.citations.some((c) => c.kind === "usc")).toBe(true);
    // One section per granule, headed by its title.
    expect(doc.sections).toHaveLength(38);
    expect(doc.sections[0]?.heading).toBe("Daily Digest/Senate");
    for (const s of doc.sections) expect(doc.text.slice(s.start).startsWith(s.heading)).toBe(true);
  });

  it("reads a METS package map: title and date", async () => {
    const doc = await crecMetsParser.parse(read("CREC-2005-05-20-dip.xml.gz"));
    expect(doc.parser).toBe("crec-mets-xml");
    expect(doc.metadata).toMatchObject({
      title: "Congressional Record Volume 151, Issue 68, (May 20, 2005)",
      date: "2005-05-20",
    });
    expect(doc.text).toBe("Congressional Record Volume 151, Issue 68, (May 20, 2005)");
  });

  it("accepts the Record's MODS and METS by content, and not a bill's MODS", () => {
    expect(crecModsParser.accepts(sniffOf(read("CREC-2020-03-27-mods.xml.gz")))).toBe(true);
    expect(crecMetsParser.accepts(sniffOf(read("CREC-2020-03-27-mods.xml.gz")))).toBe(false);
    expect(crecMetsParser.accepts(sniffOf(read("CREC-2005-05-20-dip.xml.gz")))).toBe(true);
    const bill = new TextEncoder().encode(
      '<mods xmlns="http://www.loc.gov/mods/v3"><extension><collectionCode>BILLS</collectionCode></extension></mods>',
    );
    expect(crecModsParser.accepts(sniffOf(bill))).toBe(false);
  });

  it("reads bioguide ids whatever the attribute's case, and refuses other XML", () => {
    const doc = parseCrecMetadata(
      '<mods><extension><congMember bioguideid="A000001" role="SPEAKING"><name type="parsed">Mr. A</name></congMember></extension></mods>',
    );
    expect(doc.metadata.people).toEqual([{ name: "Mr. A", role: "speaker", bioguideId: "A000001" }]);
    expect(() => parseCrecMetadata("<FEDREG/>")).toThrow(AppError);
    expect(() => parseCrecMetadata("")).toThrow(/not a MODS or METS record/);
  });
});
