// Runs inside workerd (vitest.workers.config.mts): the parsers must work on Cloudflare Workers as on Node.
import { describe, expect, it } from "vitest";
import sapPdf from "../../../test/fixtures/formats/2017-02-28_hr1004.pdf?inline";
import crec from "../../../test/fixtures/formats/CREC-2005-07-20-pt1-PgH6181-2.htm?raw";
import readme from "../../../test/fixtures/formats/congress-legislators-README.md?raw";
import uslm from "../../../test/fixtures/gov/bill-text/billsim/117/bills/hr2008/BILLS-117hr2008ih-uslm.xml?raw";
import { chunkText, DETECT_HEAD_BYTES, detectFormat, parseDocument } from "../index";

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Vite inlines binary fixtures as base64 data URLs. */
function fromDataUrl(url: string): Uint8Array {
  const binary = atob(url.slice(url.indexOf(",") + 1));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

describe("formats on Workers", () => {
  it("detects, parses and chunks a PDF", async () => {
    const bytes = fromDataUrl(sapPdf);
    expect(detectFormat({ head: bytes.subarray(0, DETECT_HEAD_BYTES) })?.format).toBe("pdf");
    const doc = await parseDocument(bytes, "pdf");
    expect(doc.title).toBe("Statement of Administration Policy");
    expect(doc.text.startsWith("EXECUTIVE OFFICE OF THE PRESIDENT")).toBe(true);
    expect(chunkText(doc).length).toBeGreaterThan(1);
  });

  it("parses XML, HTML and Markdown", async () => {
    const xml = await parseDocument(utf8(uslm), "xml");
    expect(xml.sections.map((s) => s.heading)).toContain("SEC. 2. NONPOINT SOURCE MANAGEMENT PROGRAMS.");
    const html = await parseDocument(utf8(crec), "html");
    expect(html.title).toBe("Congressional Record, Volume 151 Issue 99 (Wednesday, July 20, 2005)");
    const markdown = await parseDocument(utf8(readme), "markdown");
    expect(markdown.title).toBe("congress-legislators");
    for (const doc of [xml, html, markdown]) {
      for (const chunk of chunkText(doc)) expect(chunk.text).toBe(doc.text.slice(chunk.start, chunk.end));
    }
  });

  it("falls back to windows-1252 without runtime encodings", async () => {
    const doc = await parseDocument(
      new Uint8Array([0x93, 0x48, 0x69, 0x94, 0x20, 0x96, 0x20, 0x63, 0x61, 0x66, 0xe9]),
      "text",
    );
    expect(doc.text).toBe("“Hi” – café");
  });
});
