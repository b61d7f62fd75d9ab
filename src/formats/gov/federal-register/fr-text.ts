import { type DomElement, type DomNode, isElement, isText, traverse } from "../../dom";
import { type SectionRef, TextBuilder } from "../../text-builder";

/** Inline markup of the Federal Register DTD: emphasis, superscripts, fractions, footnote references, table cells. */
const INLINE = new Set(["E", "SU", "FR", "AC", "FTREF", "ENT", "CHED", "LI", "PRTPAGE", "STARS"]);
/** Cells and column heads: inline, but separated from their neighbours. */
const CELLS = new Set(["ENT", "CHED"]);
/** Page markers, images and billing codes: layout, not reading text. */
const SKIPPED = new Set(["PRTPAGE", "GPH", "GID", "BILCOD", "HRULE", "CNTNTS"]);
/** Rows and lines of tables and headers: one line each, no blank line between. */
const LINES = new Set([
  "AGENCY",
  "ROW",
  "BOXHD",
  "TTITLE",
  "FRDOC",
  "FILED",
  "SUBAGY",
  "CFR",
  "DEPDOC",
  "RIN",
  "NAME",
  "TITLE",
]);
/** Blocks whose `HD` is a label ("Authority:", "Note 1 to paragraph (g):"), not a heading of what follows. */
const LABELLED = new Set(["AUTH", "NOTE", "FTNT", "GPOTABLE", "SIG"]);
const HEADING_LEVELS: Record<string, number> = { HED: 1, HD1: 2, HD2: 3, HD3: 4, HD4: 5, HD5: 6, HD6: 6 };

interface State {
  inline: boolean;
  /** A section whose heading is being written (HD, or SECTNO and SUBJECT of a SECTION). */
  heading: SectionRef | null;
  /** A SECTION whose heading spans its SECTNO and SUBJECT children. */
  section: SectionRef | null;
  /** The level of the regulatory SECTION this element is in (0 outside): headings inside it nest below it. */
  base: number;
  /** Inside a block whose headings are labels. */
  labelled: boolean;
  breakAfter: 0 | 1 | 2;
}

const WHITESPACE = /^\s*$/;

// The corpus's issues are pretty-printed: indentation around inline markup is not a space the typesetter would set
// before punctuation or after an opening parenthesis.
function appendText(builder: TextBuilder, node: DomNode & { data: string }): void {
  let data = node.data;
  if (WHITESPACE.test(data)) {
    builder.space();
    return;
  }
  if (data.includes("\n")) {
    data = data.replace(/^\s*\n\s*(?=[.,;:!?)\]’”])/, "").replace(/([([“‘])\s*\n\s*$/, "$1");
  }
  builder.append(data);
}

function nextElementName(node: DomNode): string | undefined {
  for (let next = node.next; next; next = next.next) if (isElement(next)) return next.name;
  return undefined;
}

function hasOwnText(element: DomElement): boolean {
  return element.children.some((c) => isText(c) && /\S/.test(c.data));
}

/** A regulatory section headed by its number or subject, as opposed to a SECTION used as a plain container. */
function opensWithNumber(element: DomElement): boolean {
  const first = element.children.find(isElement);
  return first !== undefined && (first.name === "SECTNO" || first.name === "SUBJECT");
}

/**
 * Appends a Federal Register element (a rule, notice, presidential document or any part of one) to `builder`:
 * paragraphs separated by blank lines, table rows one a line, `HD` headings opening sections by their `SOURCE`
 * level (HED, HD1, HD2…), and each regulatory `SECTION` a section headed by its number and subject. A `SECTION`
 * sits one level below the heading before it. `pageMarks` receives where each printed page starts (the text's length
 * at its mark), the first mark of a page only.
 */
export function appendFederalRegister(
  builder: TextBuilder,
  element: DomElement,
  pageMarks?: Map<number, number>,
): void {
  let lastHeadingLevel = 0;
  const root: State = { inline: false, heading: null, section: null, base: 0, labelled: false, breakAfter: 0 };
  traverse<State>([element], root, {
    enter(node, parent) {
      if (isText(node)) {
        if (parent.inline) appendText(builder, node);
        return null;
      }
      if (!isElement(node)) return null;
      const name = node.name;
      if (name === "PRTPAGE") {
        const page = printedPageNumber(node);
        if (page !== undefined && !pageMarks?.has(page)) pageMarks?.set(page, builder.length);
      }
      if (SKIPPED.has(name)) return null;
      const state: State = {
        inline: true,
        heading: null,
        section: parent.section,
        base: parent.base,
        labelled: parent.labelled || LABELLED.has(name),
        breakAfter: 0,
      };
      if (parent.inline && INLINE.has(name)) {
        if (CELLS.has(name) || name === "LI") builder.space();
        return state;
      }
      if (name === "HD" && !parent.labelled) {
        const level = Math.min(parent.base + (HEADING_LEVELS[node.attribs.SOURCE ?? ""] ?? 2), 6);
        if (parent.base === 0) lastHeadingLevel = level;
        state.heading = builder.openSection(level);
        state.breakAfter = 2;
        return state;
      }
      if (name === "SECTION" && opensWithNumber(node)) {
        state.inline = false;
        const level = Math.min((parent.base || lastHeadingLevel) + 1, 6);
        state.section = builder.openSection(level);
        state.base = level;
        state.breakAfter = 2;
        return state;
      }
      if ((name === "SECTNO" || name === "SUBJECT") && parent.section && parent.section.heading === "") {
        // The number and subject together head the section; the heading ends after the subject.
        if (name === "SECTNO") state.section = parent.section;
        else {
          state.heading = parent.section;
          state.breakAfter = 2;
        }
        builder.space();
        return state;
      }
      state.inline = hasOwnText(node) || !node.children.some((c) => isElement(c) && !INLINE.has(c.name));
      if (!state.inline) state.section = null;
      const gap = LINES.has(name) ? 1 : 2;
      builder.requestBreak(gap);
      state.breakAfter = gap;
      return state;
    },
    exit(node, state) {
      if (!isElement(node)) return;
      if (state.heading) builder.endHeading(state.heading);
      if (node.name === "SECTNO" && state.section && nextElementName(node) !== "SUBJECT") {
        builder.endHeading(state.section);
        builder.requestBreak(2);
      }
      if (CELLS.has(node.name)) builder.space();
      if (state.breakAfter > 0) builder.requestBreak(state.breakAfter === 2 ? 2 : 1);
    },
  });
}

/** A printed page's number (`<PRTPAGE P="9741"/>`); none for the front matter (`iii`) or an empty mark. */
export function printedPageNumber(node: DomElement): number | undefined {
  const page = Number(node.attribs.P);
  return Number.isInteger(page) && page > 0 ? page : undefined;
}

/**
 * A new builder holding the element's text. `pageMarks` receives, for each page that starts within it, the length of
 * the text when its mark came (see `pageStart`).
 */
export function federalRegisterText(element: DomElement, pageMarks?: Map<number, number>): TextBuilder {
  const builder = new TextBuilder();
  appendFederalRegister(builder, element, pageMarks);
  return builder;
}
