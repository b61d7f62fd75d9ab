import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../../../core/errors";
import { parseBillStatus } from "./billstatus";
import { textIn } from "./nav";
import { decodeEntities, parseRecordXml, type XmlElement } from "./record-xml";

const rootOf = (xml: string) => parseRecordXml(xml).children.find((c): c is XmlElement => typeof c !== "string");

describe("parseRecordXml", () => {
  it("reads elements, attributes, text, CDATA and character references", () => {
    const root = rootOf(
      `<?xml version="1.0"?><!-- c --><r a="1 &amp; 2" b='x>y'><t>A &lt;b&gt; &#233;&#x41;</t><c><![CDATA[<p>x</p>]]></c><e/></r>`,
    );
    expect(root?.name).toBe("r");
    expect(root?.attribs).toEqual({ a: "1 & 2", b: "x>y" });
    expect(root?.children.map((c) => (typeof c === "string" ? c : c.name))).toEqual(["t", "c", "e"]);
    const [t, c] = (root?.children ?? []) as XmlElement[];
    expect(textIn(t)).toBe("A <b> éA");
    expect(textIn(c)).toBe("<p>x</p>");
  });

  it("keeps the prefix in the name and drops it from the local name", () => {
    expect(rootOf('<dc:title xmlns:dc="x">T</dc:title>')?.local).toBe("title");
  });

  it("skips a DOCTYPE with an internal subset and never expands its entities", () => {
    const bomb = `<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><r>&b;</r>`;
    expect(textIn(rootOf(bomb))).toBe("&b;");
    expect(decodeEntities("&nbsp; &#0; &#x110000;")).toBe("&nbsp; \ufffd \ufffd");
  });

  it("closes unclosed elements at the end and ignores stray end tags", () => {
    const root = rootOf("<r><a>one</b><c>two");
    expect(textIn(root)).toBe("one two");
  });

  it("stays linear on hostile shapes: no quotes to pair, floods of stray end tags", () => {
    const many = "<a x='1'>".repeat(4000) + "</b>".repeat(200_000) + "<c>text</c>".repeat(50_000);
    const doc = parseRecordXml(many);
    expect(doc.children).toHaveLength(1);
    const noQuotes = `<r>${"<i>v</i>".repeat(200_000)}</r>`;
    expect(rootOf(noQuotes)?.children).toHaveLength(200_000);
  });

  it("refuses absurd nesting", () => {
    expect(() => parseRecordXml("<a>".repeat(5001))).toThrow(AppError);
  });

  it("never throws on arbitrary text other than AppError", () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom("<", ">", "/", "!", "?", "[", "]", "-", '"', "'", "=", "a", " ", "&", ";", "#"),
        }),
        (text) => {
          parseRecordXml(text);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("bill status parsing fails only with AppError on arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        try {
          parseBillStatus(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("bill status parsing fails only with AppError on mangled real markup", () => {
    const head =
      "<billStatus><bill><number>5282</number><type>HR</type><congress>117</congress><sponsors><item><bioguideId>N000191</bioguideId><fullName>Rep. Neguse, Joe [D-CO-2]</fullName></item></sponsors></bill></billStatus>";
    fc.assert(
      fc.property(fc.nat(head.length), fc.nat(head.length), fc.string({ maxLength: 5 }), (cut, at, insert) => {
        const text = head.slice(0, cut) + insert + head.slice(Math.min(cut + 1, head.length));
        try {
          const doc = parseBillStatus(new TextEncoder().encode(at % 2 === 0 ? text : head.slice(0, cut)));
          expect(doc.metadata.documentType).toBe("bill-status");
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
