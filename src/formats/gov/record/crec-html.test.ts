import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../../../core/errors";
import { crecHtmlParser, parseCrecHtml } from "./crec-html";
import { sniffOf } from "./test-support";

const FIXTURES = path.resolve(__dirname, "../../../../test/fixtures/gov/record");
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const page = (name: string) => parseCrecHtml(read(name).toString("utf8"));

interface ReferenceItem {
  kind: string;
  speaker: string;
}
const referenceSpeakers = (json: string): string[] =>
  (JSON.parse(json) as { content: ReferenceItem[] }).content.filter((c) => c.kind === "speech").map((c) => c.speaker);

describe("crec-html", () => {
  it("reads a Senate page: header, title, every speech as a section headed by its speaker", async () => {
    const doc = await crecHtmlParser.parse(read("CREC-2005-07-20-pt1-PgS8504-2.htm"));
    expect(doc.parser).toBe("crec-html");
    expect(doc.metadata).toMatchObject({
      documentType: "congressional-record",
      title: "NOMINATION OF JOHN ROBERTS TO THE UNITED STATES SUPREME COURT",
      date: "2005-07-20",
      congress: 109,
      dateKind: "publication",
      chamber: "senate",
    });
    expect(doc.sections).toHaveLength(24);
    expect(doc.sections.slice(0, 6).map((s) => s.heading)).toEqual([
      "Mr. REID",
      "The PRESIDENT pro tempore",
      "Mr. McCONNELL",
      "The PRESIDENT pro tempore",
      "Mr. BROWNBACK",
      "The PRESIDING OFFICER (Mr. Talent)",
    ]);
    for (const section of doc.sections) {
      expect(doc.text.slice(section.start, section.end).startsWith(`${section.heading}.`)).toBe(true);
      expect(section.path).toBe(section.heading);
      expect(section.speaker).toBe(true);
    }
    expect(doc.text.startsWith("NOMINATION OF JOHN ROBERTS TO THE UNITED STATES SUPREME COURT\n\n")).toBe(true);
    // Each speaker once; a presiding officer by the name in parentheses; a bare office is no person.
    expect(doc.metadata.people.map((p) => p.name)).toEqual([
      "Mr. REID",
      "Mr. McCONNELL",
      "Mr. BROWNBACK",
      "Mr. Talent",
      "Mr. COLEMAN",
      "Mr. LEAHY",
      "Mr. KENNEDY",
      "Mr. Isakson",
    ]);
    expect(doc.metadata.people.every((p) => p.role === "speaker" && p.bioguideId === undefined)).toBe(true);
  });

  it("finds the same speeches, speakers and order as the reference parse", () => {
    for (const name of ["PgS8504-2", "PgH6190", "PgH6110-5", "PgE1539-2", "PgS8583"]) {
      const base = `CREC-2005-07-20-pt1-${name}`;
      const doc = page(`${base}.htm`);
      const want = referenceSpeakers(read(`${base}.json`).toString("utf8"));
      expect(doc.sections.map((s) => s.heading)).toEqual(want);
    }
  });

  it("gives the state a speaker's heading names, and treats Extensions of Remarks as House", () => {
    const sanchez = page("CREC-2005-07-20-pt1-PgH6110-5.htm");
    expect(sanchez.metadata.chamber).toBe("house");
    expect(sanchez.metadata.people).toEqual([
      { name: "Ms. LINDA T. SANCHEZ of California", role: "speaker", state: "CA" },
    ]);
    const weldon = page("CREC-2005-07-20-pt1-PgE1539-2.htm");
    expect(weldon.metadata).toMatchObject({ chamber: "house", title: "HONORING MIKHAIL VOLYNETS" });
    expect(weldon.metadata.people).toEqual([{ name: "Mr. WELDON of Pennsylvania", role: "speaker", state: "PA" }]);
    expect(weldon.text).toContain(
      "Mr. WELDON of Pennsylvania. Mr. Speaker, Mr. Mikhail Volynets, recipient of the AFL-CIO's",
    );
  });

  it("reads later pages and the Daily Digest", () => {
    const pledge = page("CREC-2016-03-23-pt1-PgH1555-5.htm");
    expect(pledge.metadata).toMatchObject({ title: "PLEDGE OF ALLEGIANCE", date: "2016-03-23", chamber: "house" });
    expect(pledge.sections.map((s) => s.heading)).toEqual(["The SPEAKER pro tempore"]);
    expect(pledge.metadata.people).toEqual([]);
    const digest = page("CREC-2005-05-20-pt1-PgD521-2.htm");
    expect(digest.metadata.chamber).toBeUndefined();
    expect(digest.metadata.date).toBe("2005-05-20");
    expect(digest.metadata.title).toBe("Congressional Record, Volume 151 Issue 68 (Friday, May 20, 2005)");
    expect(digest.text).toBe("Committee Meetings\nNo committee meetings were held.");
  });

  it("reads speakers of several words and states, and citations in the speeches", () => {
    const doc = parseCrecHtml(
      "<html><body><pre>\n[Congressional Record Volume 166, Number 12 (Tuesday, January 21, 2020)]\n[House]\n" +
        "[Page H1]\nFrom the Congressional Record Online through the Government Publishing Office\n\n" +
        "                         A TITLE\n\n  Mr. JONES of North Carolina. Under 42 U.S.C. 1395 and Public Law \n" +
        "116-136, we act.\n  Mr. SMITH. I agree.\n  Mr. Manager SCHIFF. In favor.\n  Mr. Speaker, I yield back.\n</pre></body></html>",
    );
    expect(doc.text).toBe(
      "A TITLE\n\nMr. JONES of North Carolina. Under 42 U.S.C. 1395 and Public Law 116-136, we act.\n\n" +
        "Mr. SMITH. I agree.\n\nMr. Manager SCHIFF. In favor.\nMr. Speaker, I yield back.",
    );
    expect(doc.metadata.people).toEqual([
      { name: "Mr. JONES of North Carolina", role: "speaker", state: "NC" },
      { name: "Mr. SMITH", role: "speaker" },
      { name: "Mr. Manager SCHIFF", role: "speaker" },
    ]);
    expect(doc.sections.map((s) => [s.heading, doc.text.slice(s.start, s.end)])).toEqual([
      [
        "Mr. JONES of North Carolina",
        "Mr. JONES of North Carolina. Under 42 U.S.C. 1395 and Public Law 116-136, we act.",
      ],
      ["Mr. SMITH", "Mr. SMITH. I agree."],
      ["Mr. Manager SCHIFF", "Mr. Manager SCHIFF. In favor.\nMr. Speaker, I yield back."],
    ]);
    expect(doc.metadata.citations.map((c) => c.target)).toEqual(["usc/42/1395", "pl/116/136", "crec/166/h1"]);
  });

  it("ends a speech where the clerk or the Record takes over", () => {
    const doc = parseCrecHtml(
      "<pre>\n[Congressional Record Volume 151, Number 99 (Wednesday, July 20, 2005)]\n[Senate]\n[Page S1]\n\n" +
        "  Mr. REID. I send a resolution to the desk.\n  The legislative clerk read as follows:\n\n" +
        "       Resolved, That the Senate adjourn.\n\n  Mr. FRIST. I agree.\n</pre>",
    );
    expect(doc.sections.map((s) => doc.text.slice(s.start, s.end))).toEqual([
      "Mr. REID. I send a resolution to the desk.",
      "Mr. FRIST. I agree.",
    ]);
    expect(doc.text).toContain("The legislative clerk read as follows:\n\nResolved, That the Senate adjourn.");
  });

  it("leaves out page and time marks, and keeps a sentence whole across a page", () => {
    const doc = parseCrecHtml(
      "<pre>\n[Congressional Record Volume 151, Number 99 (Wednesday, July 20, 2005)]\n[House]\n[Page E1540]\n\n" +
        "  Mr. STARK. Mr. Speaker, coverage from any malpractice insurer \n     licensed in the doctor's\n\n" +
        "[[Page E1541]]\n\n     state. The bill does nothing.\n\n[[Page E1542]]\n\n       The Republican bill fails.\n\n" +
        "                              {time}  1015\n\n  I yield back.\n                          ______\n" +
        "  Mr. SMITH. I agree.\n</pre>",
    );
    expect(doc.text).toBe(
      "Mr. STARK. Mr. Speaker, coverage from any malpractice insurer\nlicensed in the doctor's\nstate. The bill does " +
        "nothing.\n\nThe Republican bill fails.\n\nI yield back.\n______\n\nMr. SMITH. I agree.",
    );
    // `state` continues the sentence, so the phrase across the page is one passage's words in order.
    expect(doc.text).not.toContain("Page");
  });

  it("accepts Record pages by content only", () => {
    expect(crecHtmlParser.accepts(sniffOf(read("CREC-2005-07-20-pt1-PgS8583.htm")))).toBe(true);
    const other = new TextEncoder().encode("<html><body><pre>[Page 3]</pre></body></html>");
    expect(crecHtmlParser.accepts(sniffOf(other))).toBe(false);
  });

  it("refuses pages that are not the Record with a reason", () => {
    expect(() => parseCrecHtml("<html><body><p>hello</p></body></html>")).toThrow(/no <pre> block/);
    expect(() => parseCrecHtml("<pre>just text</pre>")).toThrow(AppError);
    expect(() => parseCrecHtml("")).toThrow(AppError);
  });

  it("never fails other than with AppError, whatever the input", () => {
    const prefix = "<html><body><pre>\n[Congressional Record Volume 151, Number 99 (Wednesday, July 20, 2005)]\n";
    fc.assert(
      fc.property(fc.string(), fc.boolean(), (body, framed) => {
        try {
          const doc = parseCrecHtml(framed ? `${prefix}${body}</pre>` : body);
          for (const s of doc.sections) expect(s.end).toBeLessThanOrEqual(doc.text.length);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
