import type { Citation } from "../types";
import { matchBills } from "./bills";
import { matchCfr } from "./cfr";
import { matchFederalRegister } from "./federal-register";
import { matchLaws } from "./laws";
import { dropOverlaps } from "./match";
import { matchCongressionalRecord } from "./record";
import { matchUsc } from "./usc";

export interface ExtractCitationsOptions {
  /** The Congress of the document, so bill designations get full ids (`bill/116-hr-2000`). */
  congress?: number;
}

/**
 * The citations in prose, in text order: U.S. Code (`usc/42/1395`), Code of Federal Regulations parts and sections
 * (`cfr/40/52`, `cfr/40/52.21`), public laws (`pl/116/136`), Statutes at Large (`stat/134/281`), Federal Register
 * pages (`fr/88/52262`), Congressional Record pages (`crec/151/h6110`) and bills
 * (`bill/116-hr-2000`, or `bill/hr-2000` without `options.congress`). `start`/`end` index `text` and
 * `text.slice(start, end) === citation.text`; a phrase naming several sections yields one citation per section, all
 * spanning the phrase. One regular-expression pass per kind, so time is linear in the text. Never throws.
 */
export function extractCitations(text: string, options: ExtractCitationsOptions = {}): Citation[] {
  const matches = dropOverlaps([
    ...matchUsc(text),
    ...matchCfr(text),
    ...matchLaws(text),
    ...matchFederalRegister(text),
    ...matchCongressionalRecord(text),
    ...matchBills(text, options.congress),
  ]);
  const out: Citation[] = [];
  for (const m of matches) {
    const phrase = text.slice(m.start, m.end);
    const seen = new Set<string>();
    for (const target of m.targets) {
      if (seen.has(target)) continue;
      seen.add(target);
      out.push({ kind: m.kind, target, text: phrase, start: m.start, end: m.end });
    }
  }
  return out;
}
