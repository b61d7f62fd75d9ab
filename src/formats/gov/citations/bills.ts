import { normaliseBillType } from "../bill-id";
import type { CitationMatch } from "./match";

/**
 * Bill designations: `H.R. 2000`, `HR 2000`, `H. R. 2000`, `S. 35`, `H. J. Res. 7`, `S.Con.Res. 7`, `H.Res. 5`.
 * Longer designations come first so `H. J. Res.` is not read as `H.`. A Senate bill needs its period (`S. 35`):
 * a bare `S 35` is too often something else. Case-sensitive for the same reason.
 */
const DESIGNATION = String.raw`H\.?\s?J\.?\s?(?:Res|RES)\.?|S\.?\s?J\.?\s?(?:Res|RES)\.?|H\.?\s?(?:Con|CON)\.?\s?(?:Res|RES)\.?|S\.?\s?(?:Con|CON)\.?\s?(?:Res|RES)\.?|H\.?\s?(?:Res|RES)\.?|S\.?\s?(?:Res|RES)\.?|H\.\s?R\.|HR|S\.`;
const BILL = new RegExp(String.raw`(?<![\w.])(${DESIGNATION})\s{0,12}(?:No\.\s?)?(\d{1,5})(?![-\d\u2010-\u2013])`, "g");

/**
 * Every bill designation in `text`. With `congress` the target is `bill/{congress}-{type}-{number}`, the same id
 * `billId()` gives; without it `bill/{type}-{number}`, since prose rarely says which Congress it means and a guess
 * would link the wrong bill.
 */
export function matchBills(text: string, congress?: number): CitationMatch[] {
  const out: CitationMatch[] = [];
  const prefix = congress !== undefined && Number.isInteger(congress) && congress > 0 ? `${congress}-` : "";
  for (const m of text.matchAll(BILL)) {
    const type = normaliseBillType(m[1] as string);
    if (!type) continue;
    const target = `bill/${prefix}${type}-${Number(m[2])}`;
    out.push({ kind: "bill", start: m.index, end: m.index + m[0].length, targets: [target] });
  }
  return out;
}
