import fc from "fast-check";
import { DomUtils, parseDocument } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { type DomNode, findFirst, htmlElementText, parseHtmlDom, parseXmlDom, textContentOf } from "./dom";

/** Every node's own properties, prototype and links, in document order. */
function describeTree(nodes: readonly DomNode[]): unknown[] {
  const out: unknown[] = [];
  const visit = (node: DomNode) => {
    const own: Record<string, unknown> = {};
    for (const key of Object.keys(node)) {
      const value = (node as unknown as Record<string, unknown>)[key];
      // Links are compared by what they point at, not by identity of a different tree.
      own[key] = key === "parent" || key === "prev" || key === "next" ? (value === null ? null : "node") : value;
      if (key === "children") own[key] = (value as unknown[]).length;
    }
    out.push({ proto: Object.getPrototypeOf(node), own, text: DomUtils.textContent(node) });
    if ("children" in node) for (const c of node.children as DomNode[]) visit(c);
  };
  for (const node of nodes) visit(node);
  return out;
}

const XML = { xmlMode: true, decodeEntities: true, recognizeCDATA: true };
const HTML = { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true };

describe("DOM building", () => {
  const samples = [
    '<?xml version="1.0"?><!DOCTYPE bill><bill a="1"><!-- c --><t>x &amp; y<![CDATA[<z>]]>w</t><e/></bill>',
    "<html><head><title>T</title><script>if (a < b) {}</script><style>p{}</style></head><body><p>a<p>b<br>c</body>",
    "<root>unclosed <a>text",
  ];

  it("gives the nodes domhandler gives: same prototypes, own properties, text and shape", () => {
    for (const source of samples) {
      expect(describeTree(parseXmlDom(source).children)).toEqual(describeTree(parseDocument(source, XML).children));
      expect(describeTree(parseHtmlDom(source).children)).toEqual(describeTree(parseDocument(source, HTML).children));
      const dom = parseXmlDom(source);
      expect(textContentOf(dom.children)).toBe(DomUtils.textContent(dom.children));
    }
  });

  it("does so for arbitrary markup too", () => {
    const markup = fc.stringMatching(/^[<>/a-z="' &;\-!?[\]\d\n]{0,200}$/);
    fc.assert(
      fc.property(markup, (source) => {
        expect(describeTree(parseXmlDom(source).children)).toEqual(describeTree(parseDocument(source, XML).children));
        expect(describeTree(parseHtmlDom(source).children)).toEqual(describeTree(parseDocument(source, HTML).children));
        for (const dom of [parseXmlDom(source), parseHtmlDom(source)]) {
          expect(textContentOf(dom.children)).toBe(DomUtils.textContent(dom.children));
          expect(textContentOf([dom])).toBe(DomUtils.textContent(dom));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("links siblings and parents", () => {
    const dom = parseXmlDom("<a><b/>text<c/></a>");
    const a = dom.children[0] as DomNode & { children: DomNode[] };
    const [b, text, c] = a.children;
    expect(a.parent).toBe(dom);
    expect(b?.next).toBe(text);
    expect(c?.prev).toBe(text);
    expect(text?.parent).toBe(a);
    expect(DomUtils.getOuterHTML(a, { xmlMode: true })).toBe("<a><b/>text<c/></a>");
  });

  it("reads an element's text while parsing as the tree would give it", () => {
    const page = "<html><body><p>x</p><PRE>a &amp; <a href=x>b</a><!-- no -->\n c</pre><pre>second</pre></body>";
    expect(htmlElementText(page, "pre")).toBe("a & b\n c");
    expect(htmlElementText("<p>none</p>", "pre")).toBeNull();
    const markup = fc.stringMatching(/^(<pre>|<\/pre>|<p>|<\/p>|<b>|<\/b>|<!--|-->|&amp;|[ a-z\n])*$/);
    fc.assert(
      fc.property(markup, (source) => {
        const pre = findFirst(parseHtmlDom(source).children, (e) => e.name === "pre");
        expect(htmlElementText(source, "pre")).toBe(pre ? DomUtils.textContent(pre) : null);
      }),
      { numRuns: 300 },
    );
  });
});
