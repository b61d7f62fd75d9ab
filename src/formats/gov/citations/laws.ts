import type { CitationMatch } from "./match";

const DASH = String.raw`\s?[-\u2010-\u2013]\s?`;

/** `Public Law 116-136`, `Pub. L. 116–136`, `Pub. L. No. 108-424`, `P.L. 116-136`, `PL 116-136`. */
const PUBLIC_LAW = new RegExp(
  String.raw`(?<![\w.])(?:Public\s+Law|Pub\.?\s?L\.?|P\.\s?L\.|PL)\s*(?:No\.?\s*)?(\d{1,3})${DASH}(\d{1,4})(?!\d)`,
  "g",
);

/** `134 Stat. 281`. */
const STATUTE = /(?<![\w.])(\d{1,3})\s+Stat\.\s*(\d{1,5})(?!\d)/g;

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
