import { describe, expect, it } from "vitest";
import { parseHtml } from "./html";

describe("parseHtml", () => {
  it("keeps the text of the body with blocks as breaks and drops scripts, styles and the head", () => {
    const doc = parseHtml(`<!DOCTYPE html><html><head><title>A &amp; B</title><style>p { color: red }</style>
      <script>var x = "<p>no</p>";</script></head>
      <body><nav>Home</nav><p>First   <b>bold</b> paragraph&nbsp;here.</p><div>Line one<br>Line two</div>
      <noscript>Enable scripts</noscript><p>Caf&eacute; &#8212; &#x201C;quoted&#x201D;</p></body></html>`);
    expect(doc.title).toBe("A & B");
    expect(doc.text).toBe("Home\n\nFirst bold paragraph here.\n\nLine one\nLine two\n\nCafé — “quoted”");
  });

  it("makes h1–h6 sections that end at the next heading of the same or a higher level", () => {
    const doc = parseHtml(
      "<h1>Bill</h1><p>Intro.</p><h2>Sec. 1</h2><p>One.</p><h3>(a)</h3><p>A.</p><h2>Sec. 2</h2><p>Two.</p>",
    );
    expect(doc.title).toBe("Bill");
    expect(doc.sections.map((s) => [s.heading, s.level, doc.text.slice(s.start, s.end)])).toEqual([
      ["Bill", 1, "Bill\n\nIntro.\n\nSec. 1\n\nOne.\n\n(a)\n\nA.\n\nSec. 2\n\nTwo."],
      ["Sec. 1", 2, "Sec. 1\n\nOne.\n\n(a)\n\nA."],
      ["(a)", 3, "(a)\n\nA."],
      ["Sec. 2", 2, "Sec. 2\n\nTwo."],
    ]);
  });

  it("prefers <title> over the first h1 and has no title when there is neither", () => {
    expect(parseHtml("<title>Page</title><h1>Heading</h1>").title).toBe("Page");
    expect(parseHtml("<p>Only text</p>").title).toBeUndefined();
  });

  it("keeps preformatted text as laid out and separates table cells", () => {
    const doc = parseHtml(
      "<pre>\n  Centered\n\n\n\nSEC. 2.  TEXT   \n</pre><table><tr><th>Name</th><th>Party</th></tr><tr><td>Lynch</td><td>D</td></tr></table>",
    );
    expect(doc.text).toBe("  Centered\n\nSEC. 2.  TEXT\n\nName | Party\nLynch | D");
  });

  it("recovers from malformed markup", () => {
    const doc = parseHtml("<p>Unclosed <b>bold <i>both</p><div>after</span></div><p>end");
    expect(doc.text).toBe("Unclosed bold both\n\nafter\n\nend");
  });
});
