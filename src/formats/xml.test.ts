import { describe, expect, it } from "vitest";
import { AppError } from "../core/errors";
import { MAX_NESTING_DEPTH } from "./dom";
import { parseDocument } from "./parse";
import { parseXml } from "./xml";

describe("parseXml", () => {
  it("makes lines of text elements, paragraphs of element groups, and keeps inline markup inline", () => {
    const doc = parseXml(`<?xml version="1.0"?>
      <record>
        <id>42</id>
        <name>Committee on <em>Rules</em></name>
        <actions>
          <item><date>2021-07-06</date><text>Introduced in House</text></item>
          <item><date>2021-07-07</date><text>Referred to the <committee>Judiciary</committee>.</text></item>
        </actions>
      </record>`);
    expect(doc.text).toBe(
      "42\nCommittee on Rules\n\n2021-07-06\nIntroduced in House\n\n2021-07-07\nReferred to the Judiciary.",
    );
    expect(doc.sections).toEqual([]);
  });

  it("opens sections at headings, joined to a preceding number, nested by element depth", () => {
    const doc = parseXml(`<bill><main>
      <section><num>SEC. 1.</num><heading>SHORT TITLE.</heading><content>This Act is the “Test Act”.</content></section>
      <section><num>SEC. 2.</num><heading>GRANTS.</heading>
        <subsection><num>(a)</num><heading>In general.—</heading><content>The Secretary may award grants.</content></subsection>
        <subsection><num>(b)</num><content>Without heading.</content></subsection>
      </section></main></bill>`);
    expect(doc.text).toBe(
      "SEC. 1. SHORT TITLE.\nThis Act is the “Test Act”.\n\n" +
        "SEC. 2. GRANTS.\n\n(a) In general.—\nThe Secretary may award grants.\n\n(b) Without heading.",
    );
    expect(doc.sections.map((s) => [s.heading, s.level, doc.text.slice(s.start, s.end)])).toEqual([
      ["SEC. 1. SHORT TITLE.", 1, "SEC. 1. SHORT TITLE.\nThis Act is the “Test Act”."],
      [
        "SEC. 2. GRANTS.",
        1,
        "SEC. 2. GRANTS.\n\n(a) In general.—\nThe Secretary may award grants.\n\n(b) Without heading.",
      ],
      ["(a) In general.—", 2, "(a) In general.—\nThe Secretary may award grants."],
    ]);
  });

  it("ends a flat heading's section at the next heading among its siblings", () => {
    const doc = parseXml(
      "<SUPLINF><HD>Background</HD><P>One.</P><P>Two.</P><HD>Discussion</HD><P>Three.</P></SUPLINF>",
    );
    expect(doc.sections.map((s) => doc.text.slice(s.start, s.end))).toEqual([
      "Background\nOne.\nTwo.",
      "Discussion\nThree.",
    ]);
  });

  it("takes the title from dc:title, then an official title, then a <title> near the root", () => {
    expect(
      parseXml('<bill xmlns:dc="http://purl.org/dc/elements/1.1/"><meta><dc:title>117 HR 1: A</dc:title></meta></bill>')
        .title,
    ).toBe("117 HR 1: A");
    expect(parseXml("<bill><form><official-title>To do things.</official-title></form></bill>").title).toBe(
      "To do things.",
    );
    expect(parseXml("<billStatus><bill><title>Flag Act</title></bill></billStatus>").title).toBe("Flag Act");
    expect(parseXml("<a><b><c><d><title>Too deep</title></d></c></b></a>").title).toBeUndefined();
  });

  it("leaves metadata blocks out of the text", () => {
    const doc = parseXml("<bill><meta><processedBy>Converter</processedBy></meta><main><p>Body.</p></main></bill>");
    expect(doc.text).toBe("Body.");
  });

  it("reads HTML carried in CDATA or escaped text", () => {
    const doc = parseXml(
      "<summary><text><![CDATA[<p>This bill <b>requires</b> flags.</p><p>Second.</p>]]></text><note>&lt;p&gt;Escaped&lt;/p&gt;</note></summary>",
    );
    expect(doc.text).toBe("This bill requires flags.\n\nSecond.\n\nEscaped");
    expect(parseXml("<a><t><![CDATA[<pre>[House]\n  Mr. LYNCH.</pre>]]></t></a>").text).toBe("[House]\n  Mr. LYNCH.");
  });

  it("still yields the text of XML that is not well-formed", () => {
    const doc = parseXml("<bill><section><heading>Unclosed<content>Text & more</section><p>after</bill>");
    expect(doc.text).toContain("Text & more");
    expect(doc.text).toContain("after");
    expect(doc.text).not.toContain("<");
  });

  it("refuses markup nested absurdly deep instead of parsing it for minutes", async () => {
    const deep = (n: number) => new TextEncoder().encode(`${"<a>".repeat(n)}text${"</a>".repeat(n)}`);
    expect((await parseDocument(deep(MAX_NESTING_DEPTH), "xml")).text).toBe("text");
    const error = await parseDocument(deep(100_000), "xml").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("unprocessable");
    await expect(parseDocument(new TextEncoder().encode("<div>".repeat(100_000)), "html")).rejects.toThrow(
      /nested more than/,
    );
  });
});
