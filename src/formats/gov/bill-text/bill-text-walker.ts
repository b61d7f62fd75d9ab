import { DomUtils } from "htmlparser2";
import { type DomElement, type DomNode, isCdata, isElement, localName, textOf } from "../../dom";
import { type SectionRef, TextBuilder } from "../../text-builder";
import type { StructuredSection } from "../types";
import { attr, text } from "./xml-doc";

/** Levels of legislative structure, shared by USLM and the bill DTD, outermost first. */
const BIG_LEVELS: Record<string, string> = {
  division: "Division",
  subdivision: "Subdivision",
  title: "Title",
  subtitle: "Subtitle",
  chapter: "Chapter",
  subchapter: "Subchapter",
  part: "Part",
  subpart: "Subpart",
};
const SMALL_LEVELS = new Set(
  "section subsection paragraph subparagraph clause subclause item subitem subsubitem level".split(" "),
);
const LABELS = new Set(["num", "enum"]);
const HEADINGS = new Set(["heading", "header"]);
/** Records, not reading text: read separately as metadata. */
const SKIPPED = new Set(["meta", "amendmeta", "metadata"]);
/**
 * Signature lines naming only the offices ("Speaker of the House of Representatives."), as a bill converted from
 * another markup carries them: no signer, no date, the same words closing every enrolled bill. Kept when a name or
 * a date is there (an engrossed bill's clerk and its passage).
 */
function blankSignatures(element: DomElement): boolean {
  if (localName(element) !== "signatures") return false;
  const filled = (nodes: readonly DomNode[]): boolean =>
    nodes.some((node) =>
      isElement(node) ? localName(node) !== "role" && filled(node.children) : /[\p{L}\p{N}]/u.test(textOf([node])),
    );
  return !filled(element.children);
}
/** Text quoted for insertion into another law: its sections are not this document's. */
const QUOTED_BLOCKS = new Set(["quotedcontent", "quoted-block"]);
/** Marked-up references collected with the offset where their text starts. */
const REFERENCES = new Set(["ref", "external-xref"]);
/** A heading that ends in a dash runs into the text after it. */
const DASH_END = /[—–-]$/;

export interface ReferenceMark {
  element: DomElement;
  /** The text length when the reference began: its text is at or just after this offset. */
  hint: number;
}

export interface BillText {
  text: string;
  sections: StructuredSection[];
  references: ReferenceMark[];
  /** Elements of the names asked for, outside quoted blocks, in document order. */
  collected: DomElement[];
}

/** Per open element; every field is set at creation, so all states share one shape. */
interface State {
  node: DomElement | null;
  mixed: boolean;
  depth: number;
  path: string[];
  inQuote: boolean;
  up: State | null;
  /** The last child was a label or a run-in heading: the next block continues its line. */
  runIn: boolean;
  /** The section this element heads, and which child ends its heading. */
  section: SectionRef | null;
  headingEnd: DomElement | null;
  quote: boolean;
  label: boolean;
  heading: boolean;
  block: boolean;
}

function newState(node: DomElement | null, up: State | null): State {
  return {
    node,
    mixed: false,
    depth: up?.depth ?? 0,
    path: up?.path ?? [],
    inQuote: up?.inQuote ?? false,
    up,
    runIn: false,
    section: null,
    headingEnd: null,
    quote: false,
    label: false,
    heading: false,
    block: false,
  };
}

/** Elements that are always part of a line: emphasis, references, terms, dates. */
const INLINE = new Set(
  "b i u em strong sup sub inline span ref external-xref date term quotedtext shorttitle short-title quote italic bold".split(
    " ",
  ),
);

/** Whether an element's children are a line of text: it has text of its own, or only inline elements. */
function isLine(element: DomElement): boolean {
  let elements = 0;
  for (const c of element.children) {
    if (c.type === "text") {
      if (NON_BLANK.test(c.data)) return true;
    } else if (isCdata(c)) {
      if (NON_BLANK.test(DomUtils.textContent(c))) return true;
    } else if (isElement(c)) {
      if (!INLINE.has(localName(c))) return false;
      elements++;
    }
  }
  return elements > 0;
}

const NON_BLANK = /\S/;

/** The first `<num>`/`<enum>` and the first `<heading>`/`<header>` child, in one pass over the children. */
function numAndHeading(element: DomElement): { num: DomElement | null; heading: DomElement | null } {
  let num: DomElement | null = null;
  let heading: DomElement | null = null;
  for (const c of element.children) {
    if (!isElement(c)) continue;
    const name = localName(c);
    if (num === null && LABELS.has(name)) num = c;
    else if (heading === null && HEADINGS.has(name)) heading = c;
    if (num && heading) break;
  }
  return { num, heading };
}

function isStructural(element: DomElement, name: string): boolean {
  if (element.name.includes(":") && !element.name.startsWith("uslm:")) return false;
  return name in BIG_LEVELS || SMALL_LEVELS.has(name);
}

/** `Sec. 2`, `Title I`, `(a)`: how a level's number reads in a heading path. */
function pathLabel(name: string, num: DomElement | null, heading: DomElement | null): string {
  const written = text(num);
  const value = (attr(num, "value") ?? written.replace(/^(sec(tion)?|[a-z]+)\.?\s+/i, "")).replace(/[.\s]+$/, "");
  if (!num || value === "") return text(heading).slice(0, 60);
  if (name === "section") return `Sec. ${value}`;
  const word = BIG_LEVELS[name];
  if (word) return `${word} ${value}`;
  return /^\(.+\)$/.test(written) ? written : `(${value})`;
}

/**
 * The reading text of a USLM or bill-DTD document with its structure: every division, title, section, subsection,
 * paragraph… that has a number or heading becomes a section whose heading is its number and heading as printed and
 * whose path is the chain of numbers (`Sec. 2 > (a) > (1)`). Metadata blocks and blank signature lines are left
 * out; the bill DTD's `<quote>` gets its quotation marks. Structure quoted for insertion into other laws stays text,
 * not sections.
 */
export function walkBillText(nodes: readonly DomNode[], collect: readonly string[] = []): BillText {
  const collected: DomElement[] = [];
  const builder = new TextBuilder();
  const records: { ref: SectionRef; identifier?: string; path: string }[] = [];
  const references: ReferenceMark[] = [];

  function enter(node: DomElement, parent: State): State | null {
    const name = localName(node);
    if (SKIPPED.has(name) || blankSignatures(node)) return null;
    if (REFERENCES.has(name)) references.push({ element: node, hint: builder.length });
    if (!parent.inQuote && collect.includes(name)) collected.push(node);
    const state = newState(node, parent);
    if (parent.mixed) {
      state.mixed = true;
      if (name === "quote") {
        builder.append("“");
        state.quote = true;
      }
      return state;
    }
    if (QUOTED_BLOCKS.has(name)) state.inQuote = true;
    const runIn = parent.runIn;
    parent.runIn = false;
    if (LABELS.has(name)) {
      state.mixed = true;
      state.label = true;
      if (!runIn && !parent.section) builder.requestBreak(1);
      return state;
    }
    if (HEADINGS.has(name)) {
      state.mixed = true;
      state.heading = true;
      if (!runIn) builder.requestBreak(1);
      return state;
    }
    state.mixed = isLine(node);
    if (!parent.inQuote && !state.inQuote && isStructural(node, name)) {
      const { num, heading } = numAndHeading(node);
      if (num || heading) {
        state.depth = parent.depth + 1;
        state.section = builder.openSection(state.depth, 2);
        state.headingEnd = heading ?? num;
        state.path = [...parent.path, pathLabel(name, num, heading)];
        records.push({ ref: state.section, identifier: attr(node, "identifier"), path: state.path.join(" > ") });
        return state;
      }
    }
    state.block = true;
    if (!runIn) builder.requestBreak(1);
    return state;
  }

  function exit(state: State): void {
    if (state.quote) builder.append("”");
    const node = state.node as DomElement;
    if (state.label || state.heading) {
      const owner = state.up;
      if (owner?.section && owner.headingEnd === node) builder.endHeading(owner.section);
      if (owner) {
        owner.runIn = state.label || DASH_END.test(text(node));
        if (state.label) builder.space();
        else if (!owner.runIn) builder.requestBreak(1);
      }
      return;
    }
    if (state.section) builder.closeSection(state.section);
    if ((state.block || state.section) && node.parent && isElement(node.parent)) builder.requestBreak(1);
  }

  // Depth first without recursion, so deeply nested input cannot exhaust the stack.
  const stack: { nodes: readonly DomNode[]; index: number; state: State }[] = [
    { nodes, index: 0, state: newState(null, null) },
  ];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as (typeof stack)[number];
    const node = frame.nodes[frame.index++];
    if (node === undefined) {
      stack.pop();
      if (frame.state.node) exit(frame.state);
      continue;
    }
    const parent = frame.state;
    if (node.type === "text") {
      if (parent.mixed) builder.append(node.data);
    } else if (isCdata(node)) {
      if (parent.mixed) builder.append(DomUtils.textContent(node));
    } else if (isElement(node)) {
      const state = enter(node, parent);
      if (state) stack.push({ nodes: node.children, index: 0, state });
    }
  }
  const doc = builder.finish();
  const named = records.filter((r) => r.ref.heading !== "");
  const sections: StructuredSection[] = doc.sections.map((s, i) => {
    const record = named[i];
    const section: StructuredSection = { ...s, path: record?.path ?? s.heading };
    if (record?.identifier) section.identifier = record.identifier;
    return section;
  });
  return { text: doc.text, sections, references, collected };
}
