import { billId } from "../bill-id";
import type { Citation, CitationKind } from "../types";
import type { ReferenceMark } from "./bill-text-walker";
import { attr, text } from "./xml-doc";

/** How far after the offset noted by the walker a reference's text may start (after a space or quotation mark). */
const MAX_HINT_GAP = 8;

/** A section number as the Code writes it: digits with letter suffixes and dashed parts (`1395`, `1320a-7b`). */
const SECTION = /^\d+[a-z]*(?:[-–]\d+[a-z]*)*$/i;

function usc(title: string, rest: string[]): { kind: CitationKind; target: string } | null {
  const t = title.replace(/^t/i, "");
  if (!/^\d+[a-z]?$/i.test(t)) return null;
  const first = rest[0];
  if (first === undefined) return { kind: "usc", target: `usc/${t}` };
  if (/^ch\d+/i.test(first)) return { kind: "usc", target: `usc/${t}/${first.toLowerCase()}` };
  if (first.toLowerCase() === "app") return { kind: "usc", target: `usc/${t}/app` };
  const section = first.replace(/^s/i, "").replace(/–/g, "-");
  return SECTION.test(section) ? { kind: "usc", target: `usc/${t}/${section.toLowerCase()}` } : null;
}

/**
 * The normalised target of a USLM `href` (`/us/usc/t42/s1395/a` → `usc/42/1395`, `/us/pl/116/136/s2` →
 * `pl/116/136`, `/us/stat/134/281`, `/us/bill/115/hjres/37` → `bill/115-hjres-37`) or of a bill-DTD
 * `parsable-cite` (`usc/42/1395`, `usc-chapter/42/7`, `pl/116/136`). Null for anything else (Federal Register,
 * reports, calendars), which has no citation kind.
 */
export function normaliseReference(raw: string): { kind: CitationKind; target: string } | null {
  const parts = raw
    .trim()
    .replace(/^\/?us\//i, "")
    .replace(/^\//, "")
    .split("/")
    .filter((p) => p !== "");
  const [head, a, b, c] = parts;
  if (!head || !a) return null;
  switch (head.toLowerCase()) {
    case "usc":
      return usc(a, parts.slice(2));
    case "usc-chapter":
      return b && /^\d+$/.test(a) ? { kind: "usc", target: `usc/${a}/ch${b.replace(/^ch/i, "")}` } : null;
    case "pl":
    case "publ":
      return b && /^\d+$/.test(a) && /^\d+$/.test(b) ? { kind: "public-law", target: `pl/${a}/${b}` } : null;
    case "stat":
      return b && /^\d+$/.test(a) && /^\d+$/.test(b) ? { kind: "statute", target: `stat/${a}/${b}` } : null;
    case "bill": {
      const id = b && c ? billId(a, b, c) : null;
      return id ? { kind: "bill", target: `bill/${id}` } : null;
    }
    default:
      return null;
  }
}

/**
 * Citations from the references marked up in a text (`<ref href>`, `<external-xref parsable-cite>`), in document
 * order, each located in the text at or after the offset the walker noted. Duplicates are kept: each occurrence is
 * a place a reader can be sent to.
 */
export function citationsFromMarks(marks: readonly ReferenceMark[], documentText: string): Citation[] {
  const citations: Citation[] = [];
  for (const mark of marks) {
    const raw = attr(mark.element, "href") ?? attr(mark.element, "parsable-cite");
    const normalised = raw ? normaliseReference(raw) : null;
    if (!normalised) continue;
    const written = text(mark.element);
    const citation: Citation = { ...normalised, text: written };
    // Only an occurrence within MAX_HINT_GAP characters of the hint counts: look there, not through the whole text.
    const window = documentText.slice(mark.hint, mark.hint + MAX_HINT_GAP - 1 + written.length);
    const found = written === "" ? -1 : window.indexOf(written);
    const at = found < 0 ? -1 : mark.hint + found;
    if (at >= 0) {
      citation.start = at;
      citation.end = at + written.length;
    }
    const previous = citations.at(-1);
    // A reference nested in another with the same text and target is one place, not two.
    if (
      previous &&
      previous.start !== undefined &&
      previous.start === citation.start &&
      previous.target === citation.target
    ) {
      continue;
    }
    citations.push(citation);
  }
  return citations;
}
