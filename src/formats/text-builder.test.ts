import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePlainText } from "./parse";
import { TextBuilder } from "./text-builder";

describe("plain text normalisation", () => {
  it("turns CRLF and CR into LF, drops trailing spaces and collapses runs of blank lines", () => {
    const doc = parsePlainText("\r\n\r\nTitle  \r\n\r\n\r\n\r\nFirst line\t\rsecond line \n\n\n  indented\n\n");
    expect(doc.text).toBe("Title\n\nFirst line\nsecond line\n\n  indented");
    expect(doc.sections).toEqual([]);
    expect(doc.title).toBeUndefined();
  });

  it("removes invisible characters and turns odd spaces and form feeds into plain ones", () => {
    const doc = parsePlainText("a\u00a0b\u200bc\u0000d\u00ade\fnext page\u2028line");
    expect(doc.text).toBe("a bcde\n\nnext page\nline");
  });

  it("gives an empty document for empty or blank input", () => {
    expect(parsePlainText("").text).toBe("");
    expect(parsePlainText(" \n\t\r\n ").text).toBe("");
  });
});

describe("TextBuilder", () => {
  it("collapses whitespace in flowing text and keeps it in preserved text", () => {
    const builder = new TextBuilder();
    builder.append("  Some   flowing\n text ");
    builder.requestBreak(2);
    builder.append("    kept\n      indent  \n", true);
    expect(builder.finish().text).toBe("Some flowing text\n\n    kept\n      indent");
  });

  it("hands out section offsets into the final text, ending before the next heading of the same level", () => {
    const builder = new TextBuilder();
    builder.append("Intro paragraph.");
    const a = builder.openSection(1);
    builder.append(" Part  A ");
    builder.endHeading(a);
    builder.requestBreak(2);
    builder.append("Body of A.");
    const a1 = builder.openSection(2);
    builder.append("A.1");
    builder.endHeading(a1);
    builder.requestBreak(2);
    builder.append("Body of A.1.   ");
    const b = builder.openSection(1);
    builder.append("Part B");
    builder.endHeading(b);
    builder.requestBreak(2);
    builder.append("Body of B.");
    const doc = builder.finish("  The   title ");
    expect(doc.title).toBe("The title");
    // A title read from a damaged page (GPO's Daily Digest masthead holds a NUL) loses its control characters.
    expect(new TextBuilder().finish("\u0000CONGRESSIONAL RECORD\u00a0(USPS 087)").title).toBe(
      "CONGRESSIONAL RECORD (USPS 087)",
    );
    expect(new TextBuilder().finish("\u0000 ").title).toBeUndefined();
    expect(doc.text).toBe("Intro paragraph.\n\nPart A\n\nBody of A.\n\nA.1\n\nBody of A.1.\n\nPart B\n\nBody of B.");
    const slices = doc.sections.map((s) => [s.heading, s.level, doc.text.slice(s.start, s.end)]);
    expect(slices).toEqual([
      ["Part A", 1, "Part A\n\nBody of A.\n\nA.1\n\nBody of A.1."],
      ["A.1", 2, "A.1\n\nBody of A.1."],
      ["Part B", 1, "Part B\n\nBody of B."],
    ]);
  });

  it("drops sections whose heading is empty and keeps named ones", () => {
    const builder = new TextBuilder();
    const empty = builder.openSection(2);
    builder.endHeading(empty);
    const page = builder.openNamedSection("Page 1", 1);
    builder.append("Text of the page.");
    builder.closeSection(page);
    expect(builder.finish().sections).toEqual([{ heading: "Page 1", level: 1, start: 0, end: 17 }]);
  });
});

/** Appends token by token, cut by the regular expressions TextBuilder once used, which its scans must agree with. */
function appendByRegex(builder: TextBuilder, text: string, preserve: boolean): void {
  const tokens = preserve ? /\n|[ \t]+|[^ \t\n](?:[^\n]*[^ \t\n])?/g : /[ \t\n]+|[^ \t\n]+(?: [^ \t\n]+)*/g;
  for (const match of text.matchAll(tokens)) builder.append(match[0], preserve);
}

describe("TextBuilder tokenisation", () => {
  it("gives the same text, sections and headings whether text comes whole or token by token", () => {
    const piece = fc.stringMatching(/^[ab \t\n\r\u00a0\u200b]{0,30}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, fc.boolean(), fc.boolean()), { maxLength: 8 }), (steps) => {
        const whole = new TextBuilder();
        const tokens = new TextBuilder();
        for (const [text, preserve, heading] of steps) {
          const sections = heading ? [whole.openSection(1), tokens.openSection(1)] : [];
          whole.append(text, preserve);
          const cleaned = text
            .replace(/\r\n?/g, "\n")
            .replace(/\u00a0/g, " ")
            .replace(/\u200b/g, "");
          appendByRegex(tokens, cleaned, preserve);
          if (sections[0] && sections[1]) {
            whole.endHeading(sections[0]);
            tokens.endHeading(sections[1]);
          }
        }
        expect(whole.finish()).toEqual(tokens.finish());
      }),
      { numRuns: 500 },
    );
  });
});
