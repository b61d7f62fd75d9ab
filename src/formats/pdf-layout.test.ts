import { describe, expect, it } from "vitest";
import { layoutPages, type PdfTextItem } from "./pdf-layout";

const item = (str: string, x: number, y: number, extra: Partial<PdfTextItem> = {}): PdfTextItem => ({
  str,
  x,
  y,
  width: str.length * 6,
  fontSize: 12,
  hasEOL: false,
  ...extra,
});

describe("layoutPages", () => {
  it("breaks paragraphs where the gap between lines is wider than usual", () => {
    const page = [
      item("The Administration is committed", 72, 700),
      item("to reducing regulatory burden.", 72, 686),
      item("Each of these bills would", 72, 658),
      item("address the process.", 72, 644),
    ];
    expect(layoutPages([page])).toEqual([
      "The Administration is committed\nto reducing regulatory burden.\n\nEach of these bills would\naddress the process.",
    ]);
  });

  it("joins items of one line in x order with spaces where there is a gap, and rejoins hyphenated words", () => {
    const page = [
      item("To amend the Act to reau-", 126, 201, { hasEOL: true }),
      item("thorize", 150, 181),
      item("certain", 199, 181),
      item("programs.", 249, 181),
    ];
    expect(layoutPages([page])).toEqual(["To amend the Act to reauthorize certain programs."]);
  });

  it("starts a paragraph at a first-line indent but not at a hanging indent", () => {
    const page = [
      item("Title line that hangs", 126, 300),
      item("its second line.", 150, 280),
      item("Be it enacted by the Senate", 178, 260),
      item("and House.", 150, 240),
    ];
    expect(layoutPages([page])).toEqual([
      "Title line that hangs\nits second line.\n\nBe it enacted by the Senate\nand House.",
    ]);
  });

  it("drops line numbers printed in the margin", () => {
    const lines = ["Be it enacted", "tives of the United", "States of America", "in Congress assembled,"];
    const page = lines.flatMap((text, i) => [
      item(text, 150, 500 - 26 * i),
      item(String(i + 8), i + 8 >= 10 ? 126 : 133, 500 - 26 * i, { width: i + 8 >= 10 ? 14 : 7 }),
    ]);
    expect(layoutPages([page])).toEqual([lines.join("\n")]);
  });

  it("keeps a number at the start of a line when it is not a margin column", () => {
    const page = [item("1", 72, 500, { width: 6 }), item("Introduction", 84, 500)];
    expect(layoutPages([page])).toEqual(["1 Introduction"]);
  });
});
