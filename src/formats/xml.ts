import { DomUtils } from "htmlparser2";
import {
  type DomDocument,
  type DomElement,
  type DomNode,
  findFirst,
  isCdata,
  isElement,
  isText,
  localName,
  parseHtmlDom,
  parseXmlDom,
  textOf,
  traverse,
} from "./dom";
import { appendHtmlNodes } from "./html";
import { type SectionRef, TextBuilder } from "./text-builder";
import type { ParsedDocument } from "./types";

// Generic vocabulary shared by most document schemas (USLM, the bill DTD, the Federal Register, TEI, DocBook).
const HEADINGS = new Set(["heading", "header", "hd", "head", "subhead", "subheading"]);
const LABELS = new Set(["num", "enum", "designator"]);
/** Inline quotations whose marks a stylesheet would add (the bill DTD's `<quote>`). */
const QUOTES = new Set(["quote"]);
/** Metadata blocks: their values are records, not reading text (titles are taken from them separately). */
const METADATA = new Set(["meta", "metadata"]);
// Summaries in bill status and similar fields carry HTML, in CDATA or escaped.
const HTML_TAG =
  /<\/?(?:p|br|div|span|ul|ol|li|pre|b|i|em|strong|a|table|tr|td|th|h[1-6]|blockquote|sup|sub)\b[^<>]*>/i;

interface XmlState {
  /** This element's children are inline: it has text of its own, or is a heading or label. */
  mixed: boolean;
  /** Sections enclosing this element's children before any heading among them. */
  depth: number;
  /** The section opened by a heading among this element's children, until the next one or the element's end. */
  current: SectionRef | null;
  /** A section opened at a label (`<num>`) that the heading right after it continues. */
  labelled: SectionRef | null;
  heading: SectionRef | null;
  label: boolean;
  /** The last element child entered was a label: the next one continues its line. */
  afterLabel?: boolean;
  quote?: boolean;
  breakAfter: 0 | 1 | 2;
}

function hasOwnText(element: DomElement): boolean {
  return element.children.some((child) => (isText(child) || isCdata(child)) && /\S/.test(textOf([child])));
}

/** Whether an element holds numbered or headed parts, which makes it a block even inside running text. */
function hasStructure(element: DomElement): boolean {
  return findFirst(element.children, (e) => HEADINGS.has(localName(e)) || LABELS.has(localName(e))) !== null;
}

function nextElement(node: DomNode): DomElement | null {
  for (let next = node.next; next; next = next.next) {
    if (isElement(next)) return next;
  }
  return null;
}

function appendTextOrHtml(builder: TextBuilder, text: string): void {
  if (HTML_TAG.test(text)) appendHtmlNodes(builder, parseHtmlDom(text).children, { sections: false });
  else builder.append(text);
}

function closeCurrent(builder: TextBuilder, state: XmlState): void {
  if (state.current && state.current.end < 0) builder.closeSection(state.current);
}

function appendXml(builder: TextBuilder, dom: DomDocument): void {
  const root: XmlState = {
    mixed: false,
    depth: 0,
    current: null,
    labelled: null,
    heading: null,
    label: false,
    breakAfter: 0,
  };
  traverse<XmlState>(dom.children, root, {
    enter(node, parent) {
      if (isText(node) || isCdata(node)) {
        if (parent.mixed) appendTextOrHtml(builder, isText(node) ? node.data : DomUtils.textContent(node));
        return null;
      }
      if (!isElement(node)) return null;
      const name = localName(node);
      if (METADATA.has(name) && parent !== root) return null;
      const ownText = hasOwnText(node);
      const container = !ownText && node.children.some(isElement);
      const state: XmlState = {
        mixed: ownText,
        depth: parent.depth + (parent.current ? 1 : 0),
        current: null,
        labelled: null,
        heading: null,
        label: false,
        breakAfter: 0,
      };
      // Inside running text, elements are inline (emphasis, references, quoted words); only structured blocks,
      // such as a quoted section with its number and heading, break the line.
      if (parent.mixed && !(container && hasStructure(node))) {
        state.mixed = true;
        if (QUOTES.has(name)) {
          builder.append("“");
          state.quote = true;
        }
        return state;
      }
      const gap = container ? 2 : 1;
      const next = nextElement(node);
      const afterLabel = parent.afterLabel === true;
      parent.afterLabel = false;
      if (HEADINGS.has(name)) {
        state.mixed = true;
        if (parent.labelled) {
          state.heading = parent.labelled;
          parent.labelled = null;
        } else {
          closeCurrent(builder, parent);
          state.heading = builder.openSection(parent.depth + 1);
          parent.current = state.heading;
        }
        state.breakAfter = 1;
      } else if (LABELS.has(name) && next) {
        state.mixed = true;
        state.label = true;
        parent.afterLabel = true;
        if (HEADINGS.has(localName(next))) {
          closeCurrent(builder, parent);
          parent.labelled = builder.openSection(parent.depth + 1, gap);
          parent.current = parent.labelled;
        } else {
          builder.requestBreak(gap);
        }
      } else {
        if (!afterLabel) builder.requestBreak(gap);
        state.breakAfter = gap;
      }
      return state;
    },
    exit(node, state) {
      if (!isElement(node)) return;
      if (state.quote) builder.append("”");
      if (state.label) builder.space();
      if (state.heading) builder.endHeading(state.heading);
      closeCurrent(builder, state);
      if (state.breakAfter > 0) builder.requestBreak(state.breakAfter === 2 ? 2 : 1);
    },
  });
}

/**
 * The document's title: a Dublin Core title, else an official title, else the shallowest `<title>` with text within
 * two levels of the root element.
 */
function findTitle(dom: DomDocument): string | undefined {
  let official: string | undefined;
  let plain: string | undefined;
  let level: readonly DomNode[] = dom.children;
  // A plain <title> names the document only near the root; deeper ones name parts (an officer, a related bill).
  for (let depth = 1; level.length > 0; depth++) {
    const below: DomNode[] = [];
    for (const node of level) {
      if (!isElement(node)) continue;
      const name = node.name.toLowerCase();
      const local = localName(node);
      if (name === "dc:title" || local === "officialtitle" || local === "official-title" || local === "title") {
        const text = !node.children.some(isElement) || hasOwnText(node) ? textOf(node.children) : "";
        if (text !== "") {
          if (name === "dc:title") return text;
          if (local !== "title") official ??= text;
          else if (depth <= 3) plain ??= text;
        }
      }
      for (const child of node.children) below.push(child);
    }
    level = below;
  }
  return official ?? plain;
}

/**
 * Generic XML to text: elements holding only elements become blank-line-separated blocks, elements holding text
 * become lines, inline markup stays inline; `<heading>`/`<hd>`-like elements (with a preceding `<num>`) open
 * sections that end with their parent element; metadata blocks are left out of the text. The parser is lenient, so
 * XML that is not well-formed still yields its text.
 */
export function parseXml(source: string): ParsedDocument {
  const dom = parseXmlDom(source);
  const builder = new TextBuilder();
  appendXml(builder, dom);
  return builder.finish(findTitle(dom));
}
