import { type DomNode, findFirst, isElement, isText, parseHtmlDom, textOf, traverse } from "./dom";
import { type SectionRef, TextBuilder } from "./text-builder";
import type { ParsedDocument } from "./types";

// Content a reader never sees as text.
const SKIPPED = new Set([
  "head",
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "canvas",
  "iframe",
  "object",
  "select",
  "button",
]);
const PARAGRAPH_BLOCKS = new Set(
  "p pre blockquote ul ol dl table section article header footer main nav aside figure form fieldset address center details menu hgroup".split(
    " ",
  ),
);
const LINE_BLOCKS = new Set(
  "div li tr dt dd caption figcaption legend summary option thead tbody tfoot body html".split(" "),
);
const CELLS = new Set(["td", "th"]);

interface HtmlState {
  preserve: boolean;
  section: SectionRef | null;
  /** Which cell of its row an element is, so cells after the first are set apart. */
  cells: { count: number };
}

export interface AppendHtmlOptions {
  /** Whether h1–h6 open sections; embedded fragments (summaries inside XML) use false. */
  sections: boolean;
  /** Called with each heading's text, in document order. */
  onHeading?: (level: number, heading: string) => void;
}

/** Writes the text of HTML nodes into a builder: block elements as line or paragraph breaks, `<pre>` kept as is. */
export function appendHtmlNodes(builder: TextBuilder, nodes: readonly DomNode[], options: AppendHtmlOptions): void {
  traverse<HtmlState>(
    nodes,
    { preserve: false, section: null, cells: { count: 0 } },
    {
      enter(node, parent) {
        if (isText(node)) {
          builder.append(node.data, parent.preserve);
          return null;
        }
        if (!isElement(node)) return null;
        const name = node.name;
        if (SKIPPED.has(name)) return null;
        const state: HtmlState = { ...parent, section: null };
        const heading = /^h([1-6])$/.exec(name);
        if (heading) {
          const level = Number(heading[1]);
          if (options.sections) state.section = builder.openSection(level);
          else builder.requestBreak(2);
        } else if (name === "br") {
          builder.requestBreak(1);
        } else if (name === "hr") {
          builder.requestBreak(2);
        } else if (name === "pre" || name === "textarea" || name === "listing" || name === "plaintext") {
          builder.requestBreak(2);
          state.preserve = true;
        } else if (PARAGRAPH_BLOCKS.has(name)) {
          builder.requestBreak(2);
        } else if (LINE_BLOCKS.has(name)) {
          builder.requestBreak(1);
          if (name === "tr") state.cells = { count: 0 };
        } else if (CELLS.has(name)) {
          if (parent.cells.count++ > 0) builder.append(" | ");
        }
        return state;
      },
      exit(node, state) {
        if (!isElement(node)) return;
        const name = node.name;
        if (state.section) {
          builder.endHeading(state.section);
          options.onHeading?.(state.section.level, state.section.heading);
          builder.requestBreak(2);
        } else if (/^h[1-6]$/.test(name) || PARAGRAPH_BLOCKS.has(name) || name === "pre") {
          builder.requestBreak(2);
        } else if (LINE_BLOCKS.has(name)) {
          builder.requestBreak(1);
        } else if (CELLS.has(name)) {
          builder.space();
        }
      },
    },
  );
}

/**
 * HTML to text: block elements become line or paragraph breaks, scripts, styles and the head are dropped,
 * entities are decoded, h1–h6 become sections; the title is `<title>`, else the first h1. Never throws on
 * malformed markup: the parser recovers as browsers do.
 */
export function parseHtml(source: string): ParsedDocument {
  const dom = parseHtmlDom(source);
  const builder = new TextBuilder();
  let firstH1: string | undefined;
  appendHtmlNodes(builder, dom.children, {
    sections: true,
    onHeading: (level, heading) => {
      if (level === 1 && firstH1 === undefined && heading !== "") firstH1 = heading;
    },
  });
  const titleElement = findFirst(dom.children, (element) => element.name === "title");
  const title = titleElement ? textOf(titleElement.children) : "";
  return builder.finish(title || firstH1);
}
