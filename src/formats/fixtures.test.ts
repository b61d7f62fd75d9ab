import { describe, expect, it } from "vitest";
import { formatFixture, formatFixtureNames } from "../../test/support/format-fixtures";
import { AppError } from "../core/errors";
import { chunkText } from "./chunk";
import { DETECT_HEAD_BYTES, detectFormat } from "./detect";
import { parseDocument } from "./parse";
import type { ParsedDocument } from "./types";

const fixture = formatFixture;

async function parseFixture(name: string): Promise<ParsedDocument> {
  const bytes = fixture(name);
  const detected = detectFormat({ head: bytes.subarray(0, DETECT_HEAD_BYTES), filename: name });
  if (!detected) throw new Error(`${name}: not detected`);
  return parseDocument(bytes, detected.format);
}

/** The text with line breaks and indentation folded, for phrases that wrap differently per format. */
const flat = (doc: ParsedDocument) => doc.text.replace(/\s+/g, " ");

describe("every fixture", () => {
  const names = formatFixtureNames().filter((name) => !name.includes("-encrypted"));

  it.each(names)("%s: normalised text, valid sections, chunks that slice the text exactly", async (name) => {
    const doc = await parseFixture(name);
    expect(doc.text.length).toBeGreaterThan(200);
    expect(doc.text).not.toMatch(/\r|[ \t]\n|\n\n\n|^\s|\s$/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: no control characters may survive parsing
    expect(doc.text).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    for (const section of doc.sections) {
      expect(section.start).toBeGreaterThanOrEqual(0);
      expect(section.end).toBeLessThanOrEqual(doc.text.length);
      expect(section.start).toBeLessThanOrEqual(section.end);
      expect(section.heading).not.toBe("");
    }
    const chunks = chunkText(doc);
    expect(chunks.length).toBeGreaterThan(0);
    let covered = 0;
    for (const [i, chunk] of chunks.entries()) {
      expect(chunk.ord).toBe(i);
      expect(chunk.text).toBe(doc.text.slice(chunk.start, chunk.end));
      expect(chunk.text.length).toBeLessThanOrEqual(1000);
      expect(chunk.text.trim()).toBe(chunk.text);
      expect(doc.text.slice(covered, chunk.start).trim()).toBe("");
      covered = Math.max(covered, chunk.end);
    }
    expect(doc.text.slice(covered).trim()).toBe("");
  });
});

describe("PDF", () => {
  it("reads a Statement of Administration Policy", async () => {
    const doc = await parseFixture("2017-02-28_hr1004.pdf");
    expect(doc.title).toBe("Statement of Administration Policy");
    expect(doc.text.startsWith("EXECUTIVE OFFICE OF THE PRESIDENT\nOFFICE OF MANAGEMENT AND BUDGET")).toBe(true);
    expect(flat(doc)).toContain(
      "The Administration supports the SCRUB Act, the Regulatory Integrity Act, and the OIRA Insight, Reform, and Accountability Act.",
    );
    expect(doc.sections).toEqual([{ heading: "Page 1", level: 1, start: 0, end: doc.text.length }]);
    // Paragraphs come from the spacing of lines.
    expect(doc.text).toContain("benefits.\n\nEach of these bills would address");
  });

  it("reads a printed bill: pages as sections, margin line numbers dropped, hyphenated words rejoined", async () => {
    const doc = await parseFixture("BILLS-117hr2008eh.pdf");
    expect(doc.title).toBeUndefined();
    expect(doc.sections.map((s) => s.heading)).toEqual(["Page 1", "Page 2", "Page 3", "Page 4"]);
    expect(doc.text.startsWith("117TH CONGRESS\n1ST SESSION H. R. 2008")).toBe(true);
    expect(flat(doc)).toContain(
      "Be it enacted by the Senate and House of Representatives of the United States of America in Congress assembled,",
    );
    expect(flat(doc)).toContain("to reauthorize certain programs");
    expect(flat(doc)).toContain("fiscal years 2022 through 2026’’.");
    const page2 = doc.sections[1];
    expect(doc.text.slice(page2?.start, page2?.end)).toContain("SEC. 2. NONPOINT SOURCE MANAGEMENT PROGRAMS.");
    expect(chunkText(doc).map((c) => c.heading)).toContain("Page 2");
  });

  it("drops a title that is the path of the file the PDF was made from", async () => {
    const doc = await parseFixture("BILLS-116hr2009ih.pdf");
    expect(doc.title).toBeUndefined(); // its title field holds E:\BILLS\H2009.IH
    expect(doc.text.startsWith("I\n\n116TH CONGRESS\n1ST SESSION H. R. 2009")).toBe(true);
  });

  it("refuses a truncated or damaged PDF with a clear reason, without changing the input", async () => {
    const whole = fixture("2017-02-28_hr1004.pdf");
    const truncated = whole.slice(0, Math.floor(whole.length / 2));
    await expect(parseDocument(truncated, "pdf")).rejects.toThrow(
      new AppError("unprocessable", "the PDF is truncated (no end-of-file marker)"),
    );
    const damaged = new Uint8Array([...truncated, ...new TextEncoder().encode("\n%%EOF\n")]);
    const error = await parseDocument(damaged, "pdf").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("unprocessable");
    expect((error as AppError).message).toMatch(/^the PDF is damaged: /);
    expect(damaged.length).toBe(truncated.length + 7);
    await expect(parseDocument(new TextEncoder().encode("%PDF-1.4\nnot really\n%%EOF"), "pdf")).rejects.toThrow(
      AppError,
    );
    await expect(parseDocument(new TextEncoder().encode("plain text"), "pdf")).rejects.toThrow("not a PDF file");
  });

  it("refuses a PDF that needs a password", async () => {
    await expect(parseDocument(fixture("2017-02-28_hr1004-encrypted.pdf"), "pdf")).rejects.toThrow(
      new AppError("unprocessable", "the PDF is password-protected"),
    );
  });

  it("leaves the caller's bytes intact", async () => {
    const bytes = fixture("2017-02-28_hr1004.pdf");
    const copy = bytes.slice();
    await parseDocument(bytes, "pdf");
    expect(bytes.byteLength).toBe(copy.byteLength);
    expect(bytes).toEqual(copy);
  });
});

describe("XML", () => {
  it("reads a USLM bill", async () => {
    const doc = await parseFixture("BILLS-117hr2008ih-uslm.xml");
    expect(doc.title).toBe(
      "117 H. R. 2008 IH: To amend the Federal Water Pollution Control Act to reauthorize certain programs relating to nonpoint source management, and for other purposes.",
    );
    expect(doc.text.startsWith("H. R.\n2008\n117th CONGRESS\nAT THE FIRST SESSION\n\nA BILL\nTo amend")).toBe(true);
    expect(doc.text).toContain("SECTION 1. SHORT TITLE.\nThis Act may be cited as the “Local Water Protection Act”.");
    expect(doc.sections.map((s) => [s.heading, s.level])).toEqual([
      ["SECTION 1. SHORT TITLE.", 1],
      ["SEC. 2. NONPOINT SOURCE MANAGEMENT PROGRAMS.", 1],
    ]);
    // The metadata block is not reading text.
    expect(doc.text).not.toContain("Xcential");
    expect(doc.text).not.toMatch(/<|&[a-z]+;/);
  });

  it("reads the same bill in the House DTD", async () => {
    const doc = await parseFixture("BILLS-117hr2008ih.xml");
    expect(doc.title).toBe("117 HR 2008 IH: Local Water Protection Act");
    expect(doc.text).toContain("1. Short title\nThis Act may be cited as the “Local Water Protection Act”.");
    expect(doc.sections.map((s) => s.heading)).toEqual(["1. Short title", "2. Nonpoint source management programs"]);
  });

  it("nests the titles and headings of an appropriations bill", async () => {
    const doc = await parseFixture("S1900_RS.xml");
    expect(doc.title).toBe(
      "116 S 1900 RS: Making emergency supplemental appropriations for the fiscal year ending September 30, 2019, and for other purposes.",
    );
    expect(doc.sections).toHaveLength(25);
    expect(doc.sections.filter((s) => s.level === 1).map((s) => s.heading)).toEqual([
      "TITLE I DEPARTMENT OF JUSTICE",
      "TITLE II DEPARTMENT OF DEFENSE",
      "TITLE III DEPARTMENT OF HOMELAND SECURITY",
      "TITLE IV DEPARTMENT OF HEALTH AND HUMAN SERVICES",
      "TITLE V GENERAL PROVISIONS—THIS ACT",
    ]);
    const headings = chunkText(doc).map((c) => c.heading);
    expect(headings).toContain("TITLE I DEPARTMENT OF JUSTICE > executive office for immigration review");
  });

  it("reads bill status, including the HTML of its summaries", async () => {
    const doc = await parseFixture("BILLSTATUS-117hr4368.xml");
    expect(doc.title).toBe(
      "To amend title 4, United States Code, to permit the flag of the United States to be flown at half-staff in the event of the death of the Mayor of the District of Columbia.",
    );
    expect(doc.text.startsWith("3.0.0\n\n4368\n")).toBe(true);
    expect(doc.text).toContain("Del. Norton, Eleanor Holmes [D-DC-At Large]");
    expect(doc.text).toContain(
      "This bill requires the flag of the United States to be flown at half-staff upon the death of the Mayor of the District of Columbia",
    );
    expect(doc.text).not.toMatch(/<\/?p>|CDATA/);
  });

  it("still reads XML that is cut off mid-element", async () => {
    const whole = fixture("BILLS-117hr2008ih-uslm.xml");
    const cut = whole.subarray(0, whole.length - 300);
    const doc = await parseDocument(cut, "xml");
    expect(doc.text).toContain("This Act may be cited as the “Local Water Protection Act”.");
    expect(doc.text).not.toContain("<");
  });
});

describe("HTML", () => {
  it("reads a GPO bill page", async () => {
    const doc = await parseFixture("BILLS-117hr2006ih.htm");
    expect(doc.title).toBeUndefined();
    expect(
      doc.text.startsWith("[Congressional Bills 117th Congress]\n[From the U.S. Government Publishing Office]"),
    ).toBe(true);
    expect(doc.text).toContain("\nSEC. 2. GRANTS FOR STATE STRATEGIC STOCKPILES.\n");
    expect(flat(doc)).toContain("This Act may be cited as the ``State Stockpile Readiness Act of 2021''.");
    // GPO's own <DOC> and <all> markers are text in the page (escaped), not markup.
    expect(doc.text).toContain("<DOC>");
    expect(doc.text).not.toMatch(/<\/?(pre|body|html)>|&lt;|&gt;/);
  });

  it("reads a Congressional Record page", async () => {
    const doc = await parseFixture("CREC-2005-07-20-pt1-PgH6181-2.htm");
    expect(doc.title).toBe("Congressional Record, Volume 151 Issue 99 (Wednesday, July 20, 2005)");
    expect(
      doc.text.startsWith(
        "[Congressional Record Volume 151, Number 99 (Wednesday, July 20, 2005)]\n[House]\n[Page H6181]\nFrom the Congressional Record Online through the Government Publishing Office [www.gpo.gov]",
      ),
    ).toBe(true);
    expect(doc.text).toContain("OPPOSING THE SO-CALLED CENTRAL AMERICAN FREE TRADE AGREEMENT");
    expect(flat(doc)).toContain("Mr. LYNCH. Mr. Speaker, I rise in opposition to the so-called Central American");
    expect(doc.sections).toEqual([]);
    expect(doc.text).not.toMatch(/<[a-z/]/i);
  });

  it("reads a Daily Digest page padded with NULs", async () => {
    const doc = await parseFixture("CREC-2005-07-20-pt1-PgD791.htm");
    expect(
      doc.text.startsWith("[Congressional Record Volume 151, Number 99 (Wednesday, July 20, 2005)]\n[Daily Digest]"),
    ).toBe(true);
    expect(flat(doc)).toContain("The Periodicals postage is paid at Washington, D.C.");
  });
});

describe("text and Markdown", () => {
  it("reads plain text with CRLF line ends to the same text as the HTML it came from", async () => {
    const text = await parseFixture("CREC-2005-07-20-pt1-PgH6181-2.txt");
    const html = await parseFixture("CREC-2005-07-20-pt1-PgH6181-2.htm");
    expect(text.text).toBe(html.text);
    expect(text.title).toBeUndefined();
  });

  it("reads a bill published as plain text under an .html name", async () => {
    const doc = await parseFixture("BILLS-119hr9010rh.html");
    expect(
      doc.text.startsWith("Union Calendar No. 580\n\n119th CONGRESS\n2d Session\n\nH. R. 9010\n\n[Report No. 119–666]"),
    ).toBe(true);
    expect(doc.sections).toEqual([]);
  });

  it("reads Markdown: headings as nested sections, no syntax left", async () => {
    const doc = await parseFixture("congress-legislators-README.md");
    expect(doc.title).toBe("congress-legislators");
    expect(doc.text.startsWith("congress-legislators\n\nMembers of the United States Congress (1789-Present)")).toBe(
      true,
    );
    expect(doc.sections).toHaveLength(17);
    expect(doc.sections.slice(0, 4).map((s) => [s.heading, s.level])).toEqual([
      ["congress-legislators", 1],
      ["Overview", 2],
      ["Data Format Documentation", 2],
      ["Legislators file structure overview", 3],
    ]);
    expect(doc.text).toContain("legislators-current | YAML JSON CSV | Currently serving Members of Congress.");
    expect(doc.text).not.toMatch(/\]\(|```|^#+ |^-{3,}$|^=+$/m);
    expect(chunkText(doc).map((c) => c.heading)).toContain(
      "congress-legislators > Data Format Documentation > Legislators file structure overview",
    );
  });
});

describe("edge inputs", () => {
  it("refuses a PNG at detection", () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    expect(detectFormat({ head: png, filename: "scan.png", declaredType: "image/png" })).toBeNull();
  });

  it("parses an empty file to an empty document with no chunks, except as a PDF", async () => {
    const empty = new Uint8Array(0);
    for (const format of ["text", "markdown", "html", "xml"] as const) {
      const doc = await parseDocument(empty, format);
      expect(doc).toEqual({ text: "", sections: [] });
      expect(chunkText(doc)).toEqual([]);
    }
    await expect(parseDocument(empty, "pdf")).rejects.toThrow(AppError);
  });
});
