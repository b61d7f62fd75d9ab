import { describe, expect, it } from "vitest";
import { chunkText, DEFAULT_CHUNK_MAX_CHARS } from "./chunk";
import { breakStrength, Strength } from "./chunk-breaks";
import type { Chunk, ParsedDocument } from "./types";

const doc = (text: string, sections: ParsedDocument["sections"] = []): ParsedDocument => ({ text, sections });

/** What must hold for any document: exact slices, bounded size, order, and nothing left out. */
function expectWellFormed(document: ParsedDocument, chunks: Chunk[], maxChars = DEFAULT_CHUNK_MAX_CHARS): void {
  let covered = 0;
  chunks.forEach((chunk, i) => {
    expect(chunk.ord).toBe(i);
    expect(chunk.text).toBe(document.text.slice(chunk.start, chunk.end));
    expect(chunk.end - chunk.start).toBeLessThanOrEqual(maxChars);
    expect(chunk.text).toMatch(/^\S[\s\S]*\S$|^\S$/);
    if (i > 0) {
      expect(chunk.start).toBeGreaterThan(chunks[i - 1]?.start ?? -1);
      expect(chunk.end).toBeGreaterThan(chunks[i - 1]?.end ?? -1);
    }
    expect(document.text.slice(covered, chunk.start)).not.toMatch(/[\p{L}\p{N}]/u);
    covered = Math.max(covered, chunk.end);
  });
  expect(document.text.slice(covered)).not.toMatch(/[\p{L}\p{N}]/u);
}

const sentence = (i: number) => `Sentence number ${i} says something about the Secretary and the States.`;
const paragraph = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => sentence(from + i)).join(" ");

describe("chunkText", () => {
  it("yields nothing for an empty or blank document", () => {
    expect(chunkText(doc(""))).toEqual([]);
    expect(chunkText(doc("  \n\n "))).toEqual([]);
  });

  it("keeps a short document whole", () => {
    const text = "Title\n\nOne short paragraph.";
    expect(chunkText(doc(text))).toEqual([{ ord: 0, start: 0, end: text.length, heading: "", text }]);
  });

  it("cuts at paragraph breaks when it can", () => {
    const paragraphs = Array.from({ length: 8 }, (_, i) => paragraph(i * 4, 4));
    const text = paragraphs.join("\n\n");
    const chunks = chunkText(doc(text));
    expectWellFormed(doc(text), chunks);
    for (const chunk of chunks) {
      expect(paragraphs.some((p) => chunk.text.startsWith(p))).toBe(true);
      expect(paragraphs.some((p) => chunk.text.endsWith(p))).toBe(true);
    }
  });

  it("cuts a long paragraph between sentences and repeats a whole sentence as overlap", () => {
    const text = paragraph(0, 60);
    const chunks = chunkText(doc(text), { maxChars: 600, overlapChars: 150 });
    expectWellFormed(doc(text), chunks, 600);
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) {
      expect(chunk.text).toMatch(/^Sentence number \d+/);
      expect(chunk.text).toMatch(/States\.$/);
    }
    for (let i = 1; i < chunks.length; i++) {
      const overlap = (chunks[i - 1]?.end ?? 0) - (chunks[i]?.start ?? 0);
      expect(overlap).toBeGreaterThan(0);
      expect(overlap).toBeLessThanOrEqual(150);
    }
    const withoutOverlap = chunkText(doc(text), { maxChars: 600, overlapChars: 0 });
    expect(withoutOverlap.every((c, i, all) => i === 0 || c.start > (all[i - 1]?.end ?? 0))).toBe(true);
  });

  it("does not split a paragraph that fits in a chunk of its own", () => {
    const short = paragraph(0, 4);
    const long = paragraph(10, 11);
    expect(short.length).toBeGreaterThan(250);
    expect(long.length).toBeLessThan(1000);
    const chunks = chunkText(doc(`${short}\n\n${long}`));
    expect(chunks.map((c) => c.text)).toEqual([short, long]);
  });

  it("does not repeat text across a paragraph break", () => {
    const text = `${paragraph(0, 7)}\n\n${paragraph(10, 7)}`;
    const chunks = chunkText(doc(text), { maxChars: 600 });
    expect(chunks.map((c) => c.text)).toEqual([paragraph(0, 7), paragraph(10, 7)]);
  });

  it("cuts words only when a sentence does not fit, and a word only when it alone does not fit", () => {
    const long = `${"word ".repeat(300).trim()}.`;
    const wordChunks = chunkText(doc(long), { maxChars: 500 });
    expectWellFormed(doc(long), wordChunks, 500);
    expect(wordChunks.every((c) => /^word/.test(c.text))).toBe(true);
    const token = "x".repeat(2500);
    expect(chunkText(doc(token)).map((c) => c.end - c.start)).toEqual([1000, 1000, 500]);
    const emoji = "😀".repeat(800);
    const cut = chunkText(doc(emoji));
    expectWellFormed(doc(emoji), cut);
    expect(cut.every((c) => !/[\ud800-\udbff]$/.test(c.text))).toBe(true);
  });

  it("ends chunks at section boundaries, lets a lone heading join what follows, and names the heading path", () => {
    const body1 = paragraph(0, 5);
    const body2 = paragraph(20, 5);
    const text = `Act\n\nSEC. 1. SHORT TITLE.\n\n${body1}\n\nSEC. 2. GRANTS.\n\n${body2}`;
    const at = (s: string) => text.indexOf(s);
    const sections = [
      { heading: "Act", level: 1, start: 0, end: text.length },
      { heading: "SEC. 1. SHORT TITLE.", level: 2, start: at("SEC. 1."), end: at(body1) + body1.length },
      { heading: "SEC. 2. GRANTS.", level: 2, start: at("SEC. 2."), end: text.length },
    ];
    const chunks = chunkText(doc(text, sections));
    expectWellFormed(doc(text, sections), chunks);
    expect(chunks.map((c) => [c.heading, c.text])).toEqual([
      ["Act > SEC. 1. SHORT TITLE.", `Act\n\nSEC. 1. SHORT TITLE.\n\n${body1}`],
      ["Act > SEC. 2. GRANTS.", `SEC. 2. GRANTS.\n\n${body2}`],
    ]);
  });

  it("names who speaks apart from the heading path", () => {
    const body1 = paragraph(0, 5);
    const body2 = paragraph(20, 5);
    const text = `PRICES\n\nMr. PRICE of Georgia. ${body1}\n\nMs. WATERS. ${body2}\n\nAfterword.`;
    const at = (s: string) => text.indexOf(s);
    const sections = [
      { heading: "PRICES", level: 1, start: 0, end: text.length },
      {
        heading: "Mr. PRICE of Georgia",
        level: 2,
        start: at("Mr. PRICE"),
        end: at("Ms. WATERS") - 2,
        speaker: true as const,
      },
      { heading: "Ms. WATERS", level: 2, start: at("Ms. WATERS"), end: at("Afterword") - 2, speaker: true as const },
    ];
    const chunks = chunkText(doc(text, sections));
    expectWellFormed(doc(text, sections), chunks);
    expect(chunks.map((c) => [c.heading, c.speaker])).toEqual([
      ["PRICES", "Mr. PRICE of Georgia"],
      ["PRICES", "Ms. WATERS"],
      ["PRICES", undefined],
    ]);
    expect(chunks[2]).not.toHaveProperty("speaker");
  });

  it("makes no chunk of text without a letter or digit", () => {
    const full = paragraph(0, 14);
    expect(full.length).toBeLessThan(1000);
    const rule = "_".repeat(60); // too long to join the paragraph in one chunk
    expect(chunkText(doc(`${full}\n\n${rule}`)).map((c) => c.text)).toEqual([full]);
    const signatures = "Speaker of the House of Representatives.";
    expect(chunkText(doc(`${full}\n\n${signatures}`)).map((c) => c.text)).toEqual([full, signatures]);
    const ruled = `${paragraph(0, 4)}\n\n${rule}\n\n${"_".repeat(300)}\n\n${paragraph(10, 4)}`;
    const chunks = chunkText(doc(ruled), { maxChars: 300 });
    expectWellFormed(doc(ruled), chunks, 300);
    expect(chunks.every((c) => /[a-z]/.test(c.text))).toBe(true);
    expect(chunkText(doc("____ ○ ____"))).toEqual([]);
  });

  it("is deterministic", () => {
    const text = Array.from({ length: 30 }, (_, i) => paragraph(i * 3, 1 + (i % 5))).join("\n\n");
    expect(chunkText(doc(text))).toEqual(chunkText(doc(text)));
  });
});

describe("breakStrength", () => {
  const strengthAfter = (text: string, before: string) => {
    const start = text.indexOf(before) + before.length;
    let end = start;
    while (/\s/.test(text.charAt(end))) end++;
    return breakStrength(text, start, end);
  };

  it("ranks blank lines, sentence-ending line breaks, sentences, clauses and words", () => {
    expect(strengthAfter("One.\n\nTwo.", "One.")).toBe(Strength.paragraph);
    expect(strengthAfter("the end.\nNext line", "end.")).toBe(Strength.blockLine);
    expect(strengthAfter("for 5 minutes.\n  Mr. LYNCH. Mr. Speaker", "minutes.")).toBe(Strength.blockLine);
    expect(strengthAfter("a grant under this\nsection may", "this")).toBe(Strength.line);
    expect(strengthAfter("It passed. The House", "passed.")).toBe(Strength.sentence);
    expect(strengthAfter("to store products; and", "products;")).toBe(Strength.clause);
    expect(strengthAfter("plain words here", "plain")).toBe(Strength.word);
  });

  it("does not end sentences at abbreviations and initials", () => {
    expect(strengthAfter("under 42 U.S.C. 247d", "U.S.C.")).toBe(Strength.word);
    expect(strengthAfter("asked Mr. Lynch", "Mr.")).toBe(Strength.word);
    expect(strengthAfter("see Sec. 2 of", "Sec.")).toBe(Strength.word);
    expect(strengthAfter("the bill H.R. 998 would", "H.R.")).toBe(Strength.word);
    expect(strengthAfter("as ``State Act''. The Secretary", "Act''.")).toBe(Strength.sentence);
  });
});
