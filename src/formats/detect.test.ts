import { describe, expect, it } from "vitest";
import { formatFixture } from "../../test/support/format-fixtures";
import { DETECT_HEAD_BYTES, detectFormat } from "./detect";

const fixture = formatFixture;
const head = (bytes: Uint8Array) => bytes.subarray(0, DETECT_HEAD_BYTES);
const ascii = (text: string) => new TextEncoder().encode(text);
const detect = (bytes: Uint8Array, filename?: string, declaredType?: string) =>
  detectFormat({ head: head(bytes), filename, declaredType });

describe("detectFormat on real files", () => {
  it.each([
    ["2017-02-28_hr1004.pdf", "pdf", "application/pdf"],
    ["BILLS-117hr2008eh.pdf", "pdf", "application/pdf"],
    ["BILLS-117hr2008ih-uslm.xml", "xml", "application/xml"],
    ["BILLS-117hr2008ih.xml", "xml", "application/xml"],
    ["S1900_RS.xml", "xml", "application/xml"],
    ["BILLSTATUS-117hr4368.xml", "xml", "application/xml"],
    ["BILLS-117hr2006ih.htm", "html", "text/html"],
    ["CREC-2005-07-20-pt1-PgH6181-2.htm", "html", "text/html"],
    // GPO pads Daily Digest pages with NULs: still text, not binary.
    ["CREC-2005-07-20-pt1-PgD791.htm", "html", "text/html"],
    ["CREC-2005-07-20-pt1-PgH6181-2.txt", "text", "text/plain"],
    ["congress-legislators-README.md", "markdown", "text/markdown"],
  ])("%s is %s", (name, format, mediaType) => {
    expect(detect(fixture(name), name)).toEqual({ format, mediaType });
  });

  it("goes by content, not by name: a .html file holding plain text is text", () => {
    expect(detect(fixture("BILLS-119hr9010rh.html"), "BILLS-119hr9010rh.html", "text/html")?.format).toBe("text");
  });

  it("tells Markdown from text only by name or declared type", () => {
    const readme = fixture("congress-legislators-README.md");
    expect(detect(readme)?.format).toBe("text");
    expect(detect(readme, "notes.txt")?.format).toBe("text");
    expect(detect(readme, "upload", "text/markdown; charset=utf-8")?.format).toBe("markdown");
    expect(detect(readme, "README.markdown")?.format).toBe("markdown");
  });

  it("does not need more than DETECT_HEAD_BYTES", () => {
    expect(DETECT_HEAD_BYTES).toBe(8192);
    const xml = fixture("S1900_RS.xml");
    expect(xml.length).toBeGreaterThan(DETECT_HEAD_BYTES);
    expect(detectFormat({ head: xml.subarray(0, DETECT_HEAD_BYTES) })?.format).toBe("xml");
  });
});

describe("detectFormat on synthetic heads", () => {
  it("refuses binary files", () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect(detect(png, "picture.txt")).toBeNull();
    expect(detect(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]), "doc.docx")).toBeNull();
    expect(detect(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]))).toBeNull();
    expect(detect(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]))).toBeNull();
    // Bytes with no signature but the statistics of compressed data.
    const noise = new Uint8Array(4096);
    let seed = 7;
    for (let i = 0; i < noise.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      noise[i] = seed >> 16;
    }
    expect(detect(noise)).toBeNull();
  });

  it("treats an empty file as empty text", () => {
    expect(detect(new Uint8Array(0))).toEqual({ format: "text", mediaType: "text/plain" });
    expect(detect(new Uint8Array(0), "empty.md")?.format).toBe("markdown");
  });

  it("finds %PDF- within the first kilobyte", () => {
    expect(detect(ascii("%PDF-1.7\n%âãÏÓ"))?.format).toBe("pdf");
    expect(detect(ascii(`${" ".repeat(300)}%PDF-1.4\n1 0 obj\n<<>>\nendobj`))?.format).toBe("pdf");
    expect(detect(ascii("Every PDF starts with %PDF-1.x, then a version."))?.format).toBe("text");
  });

  it("reads markup from its prolog and root element", () => {
    expect(detect(ascii('<?xml version="1.0"?>\n<!-- c --><bill><section/></bill>'))?.format).toBe("xml");
    expect(detect(ascii("<billStatus>\n  <version>3.0.0</version>"))?.format).toBe("xml");
    expect(detect(ascii("<!DOCTYPE html>\n<title>x</title>"))?.format).toBe("html");
    expect(detect(ascii('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'))?.format).toBe("html");
    expect(detect(ascii("<!-- generated -->\n<HTML><BODY>"))?.format).toBe("html");
    expect(detect(ascii("<p>A fragment</p>"))?.format).toBe("html");
    expect(detect(ascii("<3 is not a tag"))?.format).toBe("text");
  });

  it("lets a named Markdown file open with inline HTML, but not with an XML declaration", () => {
    expect(detect(ascii('<p align="center"><img src="logo.png"></p>\n\n# Title'), "README.md")?.format).toBe(
      "markdown",
    );
    expect(detect(ascii('<?xml version="1.0"?><doc/>'), "data.md")?.format).toBe("xml");
  });

  it("decodes byte order marks, UTF-8 cut mid-character and windows-1252", () => {
    const utf16 = new Uint8Array([
      0xff,
      0xfe,
      ...[..."<?xml version='1.0'?><a/>"].flatMap((c) => [c.charCodeAt(0), 0]),
    ]);
    expect(detect(utf16)?.format).toBe("xml");
    const cut = ascii("Section 2 — résumé").subarray(0, 12);
    expect(detect(cut)?.format).toBe("text");
    const cp1252 = new Uint8Array([
      0x93,
      ...ascii("Hello,"),
      0x94,
      ...ascii(" said the caf"),
      0xe9,
      ...ascii(" owner."),
    ]);
    expect(detect(cp1252)?.format).toBe("text");
  });
});
