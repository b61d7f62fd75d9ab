import { DomUtils } from "htmlparser2";
import { type DomElement, type DomNode, isCdata, isElement, isText, localName, traverse } from "../../dom";
import { type SectionRef, TextBuilder } from "../../text-builder";
import type { StructuredSection } from "../types";
import { attr, child, text } from "./xml-doc";

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
/** Text quoted for insertion into another law: its sections are not this document's. */
const QUOTED_BLOCKS = new Set(["quotedcontent", "quoted-block"]);
/** Marked-up references collected with the offset where their text starts. */
const REFERENCES = new Set(["ref", "external-xref"]);

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

interface State {
  mixed: boolean;
  depth: number;
  path: string[];
  inQuote: boolean;
  up?: State;
  /** The last child was a label or a run-in heading: the next block continues its line. */
  runIn: boolean;
  /** The section this element heads, and which child ends its heading. */
  section?: SectionRef;
  headingEnd?: DomElement;
  quote?: boolean;
  label?: boolean;
  heading?: boolean;
  block?: boolean;
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
    if ((isText(c) || isCdata(c)) && /\S/.test(DomUtils.textContent(c))) return true;
    if (isElement(c)) {
      if (!INLINE.has(localName(c))) return false;
      elements++;
    }
  }
  return elements > 0;
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
 * whose path is the chain of numbers (`Sec. 2 > (a) > (1)`). Metadata blocks are left out; the bill DTD's `<quote>`
 * gets its quotation marks. Structure quoted for insertion into other laws stays text, not sections.
 */
export function walkBillText(nodes: readonly DomNode[], collect: readonly string[] = []): BillText {
  const collected: DomElement[] = [];
  const builder = new TextBuilder();
  const records: { ref: SectionRef; identifier?: string; path: string }[] = [];
  const references: ReferenceMark[] = [];
  const root: State = { mixed: false, depth: 0, path: [], inQuote: false, runIn: false };
  traverse<State>(nodes, root, {
    enter(node, parent) {
      if (isText(node) || isCdata(node)) {
        if (parent.mixed) builder.append(DomUtils.textContent(node));
        return null;
      }
      if (!isElement(node)) return null;
      const name = localName(node);
      if (SKIPPED.has(name)) return null;
      if (REFERENCES.has(name)) references.push({ element: node, hint: builder.length });
      if (!parent.inQuote && collect.includes(name)) collected.push(node);
      const state: State = {
        mixed: isLine(node),
        depth: parent.depth,
        path: parent.path,
        inQuote: parent.inQuote,
        runIn: false,
        up: parent,
      };
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
      const num = child(node, "num", "enum");
      const heading = child(node, "heading", "header");
      if (!parent.inQuote && !state.inQuote && isStructural(node, name) && (num || heading)) {
        state.depth = parent.depth + 1;
        state.section = builder.openSection(state.depth, 2);
        state.headingEnd = heading ?? num ?? undefined;
        state.path = [...parent.path, pathLabel(name, num, heading)];
        records.push({ ref: state.section, identifier: attr(node, "identifier"), path: state.path.join(" > ") });
        return state;
      }
      state.block = true;
      if (!runIn) builder.requestBreak(1);
      return state;
    },
    exit(node, state) {
      if (!isElement(node)) return;
      if (state.quote) builder.append("”");
      const parent = node.parent && isElement(node.parent) ? node.parent : null;
      if (state.label || state.heading) {
        const owner = state.up;
        if (owner?.section && owner.headingEnd === node) builder.endHeading(owner.section);
        if (owner) {
          const written = text(node);
          owner.runIn = state.label === true || /[—–-]$/.test(written);
          if (state.label) builder.space();
          else if (!owner.runIn) builder.requestBreak(1);
        }
        return;
      }
      if (state.section) builder.closeSection(state.section);
      if ((state.block || state.section) && parent) builder.requestBreak(1);
    },
  });
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
