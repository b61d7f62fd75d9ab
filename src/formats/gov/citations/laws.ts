import type { Citation } from "../types";
import type { CitationMatch } from "./match";

const DASH = String.raw`\s?[-\u2010-\u2013]\s?`;

/** `Public Law 116-136`, `Pub. L. 116–136`, `Pub. L. No. 108-424`, `P.L. 116-136`, `PL 116-136`. */
const PUBLIC_LAW = new RegExp(
  String.raw`(?<![\w.])(?:Public\s+Law|Pub\.?\s?L\.?|P\.\s?L\.|PL)\s*(?:No\.?\s*)?(\d{1,3})${DASH}(\d{1,4})(?!\d)`,
  "g",
);

/** `134 Stat. 281`. */
const STATUTE = /(?<![\w.])(\d{1,3})\s+Stat\.\s*(\d{1,5})(?!\d)/g;

const LAW_NUMBER = new RegExp(
  String.raw`^\s*(?:(?:Public\s+Law|Pub\.?\s?L\.?|P\.\s?L\.|PL)\s*(?:No\.?:?\s*)?)?(\d{1,3})${DASH}(\d{1,5})\s*$`,
  "i",
);

/**
 * The `{congress}-{number}` of a public law as a document writes it ("Public Law 115–11", "115–11", "Pub. L. No.
 * 112-096"), leading zeros dropped; null for anything else, including a private law or a bare number.
 */
export function publicLawId(text: string | undefined): string | null {
  const m = text === undefined ? null : LAW_NUMBER.exec(text);
  if (!m) return null;
  const congress = Number(m[1]);
  const number = Number(m[2]);
  return congress > 0 && number > 0 ? `${congress}-${number}` : null;
}

/** The citation of a public law a record states by number (`116-136`), worded as bill status records word it. */
export function publicLawCitation(id: string): Citation {
  const [congress, number] = id.split("-");
  return { kind: "public-law", target: `pl/${congress}/${number}`, text: `Public Law ${id}` };
}

/** Public laws and Statutes at Large pages in `text`. */
export function matchLaws(text: string): CitationMatch[] {
  const out: CitationMatch[] = [];
  for (const m of text.matchAll(PUBLIC_LAW)) {
    const target = `pl/${Number(m[1])}/${Number(m[2])}`;
    out.push({ kind: "public-law", start: m.index, end: m.index + m[0].length, targets: [target] });
  }
  for (const m of text.matchAll(STATUTE)) {
    const target = `stat/${Number(m[1])}/${Number(m[2])}`;
    out.push({ kind: "statute", start: m.index, end: m.index + m[0].length, targets: [target] });
  }
  return out;
}
