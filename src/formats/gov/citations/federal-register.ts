import type { CitationMatch } from "./match";

/**
 * Federal Register pages as rules, notices and bills cite them: `88 FR 52262`, `84 Fed. Reg. 4949`, `58 F.R. 51735`,
 * `84 Fed. Reg. 22,689`.
 * The target is the volume and the page cited (`fr/88/52262`); a range or a pinpoint after it ("52262, 52270",
 * "52262-52300") stays in the text but not in the target.
 */
const FEDERAL_REGISTER =
  /(?<![\w.])(\d{1,3})\s+(?:FR|F\.\s?R\.|Fed\.\s?Reg\.)\s+(?:at\s+)?(\d{1,3}(?:,\d{3})+|\d{1,6})(?![\d,]\d)/g;

export function matchFederalRegister(text: string): CitationMatch[] {
  const out: CitationMatch[] = [];
  for (const m of text.matchAll(FEDERAL_REGISTER)) {
    const volume = Number(m[1]);
    const page = Number((m[2] as string).replaceAll(",", ""));
    if (volume === 0 || page === 0) continue;
    out.push({
      kind: "federal-register",
      start: m.index,
      end: m.index + m[0].length,
      targets: [`fr/${volume}/${page}`],
    });
  }
  return out;
}
