import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Citation } from "../types";
import { extractCitations, publicLawCitation, publicLawId, recordPageCitations } from "./index";

const FIXTURES = path.resolve(import.meta.dirname, "../../../../test/fixtures/gov");

/** The plain text of a GPO `<pre>` page, as the HTML parsers produce it. */
function preText(file: string): string {
  const html = readFileSync(path.join(FIXTURES, file), "utf8");
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

function targets(text: string, congress?: number): string[] {
  return extractCitations(text, { congress }).map((c) => c.target);
}

describe("extractCitations: forms", () => {
  it("reads U.S. Code citations in every common spelling", () => {
    expect(targets("42 U.S.C. 1395")).toEqual(["usc/42/1395"]);
    expect(targets("42 U.S.C. 1395w-4(a)(1)")).toEqual(["usc/42/1395w-4"]);
    expect(targets("42 USC 1395w–4")).toEqual(["usc/42/1395w-4"]);
    expect(targets("section 1395 of title 42, United States Code")).toEqual(["usc/42/1395"]);
    expect(targets("section 3(a)(1) of title 5, United States Code")).toEqual(["usc/5/3"]);
    expect(targets("sections 1395 and 1396 of title 42")).toEqual(["usc/42/1395", "usc/42/1396"]);
    expect(targets("title 42 U.S.C. 1395")).toEqual(["usc/42/1395"]);
    expect(extractCitations("Title 42 U.S.C. 1395")[0]?.text).toBe("Title 42 U.S.C. 1395");
    expect(targets("under title 42 U.S.C., the")).toEqual(["usc/42"]);
    expect(targets("title 5, United States Code")).toEqual(["usc/5"]);
    expect(targets("(42 U.S.C. 18031, 18041)")).toEqual(["usc/42/18031", "usc/42/18041"]);
    expect(targets("42 U.S.C. § 1983")).toEqual(["usc/42/1983"]);
    expect(targets("16 U.S.C. 1531-1544")).toEqual(["usc/16/1531", "usc/16/1544"]);
    expect(targets("44 U.S.C. 3501–3521; 15 U.S.C. 78q-1(c)(2); 12 U.S.C. 1701x, 1701x-1")).toEqual([
      "usc/44/3501",
      "usc/44/3521",
      "usc/15/78q-1",
      "usc/12/1701x",
      "usc/12/1701x-1",
    ]);
  });

  it("keeps subsections in the text but not in the target", () => {
    const [c] = extractCitations("amended by 42 U.S.C. 1395w-4(a)(1) and");
    expect(c).toEqual({ kind: "usc", target: "usc/42/1395w-4", text: "42 U.S.C. 1395w-4(a)(1)", start: 11, end: 34 });
  });

  it("does not read a title of an Act as the U.S. Code, nor a following count as a section", () => {
    expect(targets("section 101 of title 10 of such Act")).toEqual([]);
    expect(targets("42 U.S.C. 1395, 15 days after")).toEqual(["usc/42/1395"]);
  });

  it("reads Federal Register pages", () => {
    expect(targets("Executive Order 12866 (58 FR 51735, October 4, 1993); 84 Fed. Reg. 4949; 58 F.R. 51735")).toEqual([
      "fr/58/51735",
      "fr/84/4949",
      "fr/58/51735",
    ]);
    expect(targets("84 Fed. Reg. 22,689; 87 FR 69404, 69405; 88 FR at 52270")).toEqual([
      "fr/84/22689",
      "fr/87/69404",
      "fr/88/52270",
    ]);
    const [c] = extractCitations("published at 88 FR 52262-52300 and");
    expect(c).toEqual({ kind: "federal-register", target: "fr/88/52262", text: "88 FR 52262", start: 13, end: 24 });
    // Not a volume and page: a document number, a part of the CFR, a count.
    expect(targets("FR Doc. 2024-02934 Filed; 40 CFR 52; 0 FR 12; FR 5")).toEqual(["cfr/40/52"]);
  });

  it("reads Congressional Record pages", () => {
    expect(
      targets("151 Cong. Rec. H6110 (daily ed. July 20, 2005); 166 Cong. Rec. S1234-35; 150 Cong.Rec. 16873"),
    ).toEqual(["crec/151/h6110", "crec/166/s1234", "crec/150/16873"]);
    expect(targets("the Congressional Record of July 20; Cong. Rec. H1")).toEqual([]);
  });

  it("lists the pages a Record page's header spans", () => {
    // The first page begins with the text; the others where the text says (an empty range), if it does.
    expect(recordPageCitations("151", "H6110-H6112", new Map([["H6111", 880]]))).toEqual([
      { kind: "congressional-record", target: "crec/151/h6110", text: "151 Cong. Rec. H6110", start: 0, end: 0 },
      { kind: "congressional-record", target: "crec/151/h6111", text: "151 Cong. Rec. H6111", start: 880, end: 880 },
      { kind: "congressional-record", target: "crec/151/h6112", text: "151 Cong. Rec. H6112" },
    ]);
    expect(recordPageCitations(151, "S8503").map((c) => c.target)).toEqual(["crec/151/s8503"]);
    for (const [volume, pages] of [
      ["151", "H6111-H6110"],
      ["151", "H6110-S6111"],
      ["x", "H6110"],
      ["151", undefined],
      ["151", "H1-H9999"],
    ] as const) {
      expect(recordPageCitations(volume, pages), `${volume} ${pages}`).toEqual([]);
    }
  });

  it("reads public laws and Statutes at Large", () => {
    expect(targets("Public Law 116-136; Pub. L. 116–136; P.L. 116-136; Pub. L. No. 108-424")).toEqual([
      "pl/116/136",
      "pl/116/136",
      "pl/116/136",
      "pl/108/424",
    ]);
    expect(extractCitations("(134 Stat. 281)")).toEqual([
      { kind: "statute", target: "stat/134/281", text: "134 Stat. 281", start: 1, end: 14 },
    ]);
  });

  it("reads a public law's number as records state it", () => {
    // USLM's <preface><docNumber>, <citableAs> and dc:title; THOMAS's zero-padded "Became Public Law No:".
    expect(
      ["115–11", "Public Law 115–11", "112-096", "Pub. L. No. 108-424", " P.L. 116-136 "].map(publicLawId),
    ).toEqual(["115-11", "115-11", "112-96", "108-424", "116-136"]);
    expect(["11", "Private Law 112–1", "131 Stat. 75", "0-5", "", undefined].map(publicLawId)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(publicLawCitation("116-136")).toEqual({
      kind: "public-law",
      target: "pl/116/136",
      text: "Public Law 116-136",
    });
  });

  it("reads bills, with the congress when known and without it otherwise", () => {
    const text = "H.R. 2000, HR 2000, S. 35, H. J. Res. 7, S.Con.Res. 7, H. Res. 12";
    expect(targets(text, 116)).toEqual([
      "bill/116-hr-2000",
      "bill/116-hr-2000",
      "bill/116-s-35",
      "bill/116-hjres-7",
      "bill/116-sconres-7",
      "bill/116-hres-12",
    ]);
    expect(targets("H.R. 2000 and S. 35")).toEqual(["bill/hr-2000", "bill/s-35"]);
    expect(targets("the U.S. 35 highway, Table S 4")).toEqual([]);
  });
});

describe("extractCitations: real documents", () => {
  it("finds every citation in H.R. 2000 (116th Congress, introduced) as GPO prints it", () => {
    const text = preText("bill-text/billsim/116/bills/hr2000/BILLS-116hr2000ih.htm");
    const found = extractCitations(text, { congress: 116 });
    expect(found.map((c) => c.target)).toEqual([
      "bill/116-hr-2000",
      "bill/116-hr-2000",
      "usc/42/18032",
      "usc/42/18031",
      "usc/42/18041",
      "usc/42/18021",
      "usc/42/300gg",
      "usc/42/18022",
      "usc/42/1320d-2",
      "usc/38/3452",
      "usc/42/300gg-91",
      "usc/42/18063",
      "usc/42/1395w-111",
    ]);
    const veterans = found.find((c) => c.target === "usc/38/3452") as Citation;
    expect(veterans.text).toBe("section 3452(f) of title 38, United \n                        States Code");
    expect(found.find((c) => c.target === "usc/42/1395w-111")?.text).toBe("42 \nU.S.C. 1395w-111");
  });

  it("finds the laws, statute pages and bills a Senate page of the Record cites", () => {
    const text = preText("citations/CREC-2005-07-20-pt1-PgS8550.htm");
    expect(extractCitations(text, { congress: 109 }).map((c) => [c.target, c.text])).toEqual([
      ["usc/16/1131", "16 U.S.C. 1131 et seq."],
      ["pl/108/424", "Pub. L. No. 108-424"],
      ["stat/118/2403", "118 Stat. 2403"],
      ["bill/109-hr-2937", "H.R. 2937"],
      ["bill/109-hr-5252", "H.R. 5252"],
      ["bill/109-s-2933", "S. \n     2933"],
    ]);
  });
});

describe("extractCitations: properties", () => {
  const pieces = fc.constantFrom(
    "42 U.S.C. 1395",
    "section ",
    " of title ",
    "42",
    ", United States Code",
    "Pub. L. ",
    "116-136",
    " Stat. ",
    "H.R. ",
    "S. ",
    "(a)(1)",
    " CFR ",
    " C.F.R. ",
    "part ",
    "52.21",
    " of title 40, Code of Federal Regulations",
    " and ",
    ", ",
    "\n",
  );
  const texts = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.array(pieces, { maxLength: 40 }).map((a) => a.join("")),
  );

  it("never throws, and every offset indexes the text it came from", () => {
    fc.assert(
      fc.property(texts, fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }), (text, congress) => {
        for (const c of extractCitations(text, { congress })) {
          const { start = -1, end = -1 } = c;
          expect(start).toBeGreaterThanOrEqual(0);
          expect(end).toBeLessThanOrEqual(text.length);
          expect(text.slice(start, end)).toBe(c.text);
          expect(c.target).toMatch(
            /^(usc\/\d+(\/[\w-]+)?|pl\/\d+\/\d+|stat\/\d+\/\d+|bill\/(\d+-)?[a-z]+-\d+|cfr\/\d+\/\d+(\.[\w-]+)?)$/,
          );
        }
      }),
      { numRuns: 500 },
    );
  });
});
