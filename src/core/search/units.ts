/**
 * Bill numbers and legal citations as search units. Each has one normalised token — `hr2000`, `usc42s1395`,
 * `pl116n136` — that the index stores beside the text (see migrations/0004_search.sql, whose `citation_tokens` view
 * must produce the same tokens), so every spelling a user types finds the same passages.
 */

export interface Unit {
  /** The normalised token, a single FTS5 token (letters and digits only). */
  token: string;
  /** Word sequences the unit is commonly written as, for passages whose citation was not recognised. */
  phrases: string[][];
  /**
   * True for a U.S. Code section whose number ends in a letter (`42 U.S.C. 1320b`): the tokens of the sections
   * numbered under it start with its own (`1320b-5` is `usc42s1320b5`), so they can be searched when the section
   * itself is cited nowhere. A number ending in a digit has no such family: `1395` is also the start of `13951`.
   */
  hasFamily?: boolean;
  start: number;
  end: number;
}

/** Longest designations first, so `H.J.Res.` is not read as `H.`. Query side: case-insensitive, periods optional. */
const BILL_TYPES: [RegExp, string][] = [
  [/^h\.?j\.?res\.?$/, "hjres"],
  [/^s\.?j\.?res\.?$/, "sjres"],
  [/^h\.?con\.?res\.?$/, "hconres"],
  [/^s\.?con\.?res\.?$/, "sconres"],
  [/^h\.?res\.?$/, "hres"],
  [/^s\.?res\.?$/, "sres"],
  [/^h\.?r\.?$/, "hr"],
  [/^s\.?$/, "s"],
];

const DESIGNATION = String.raw`h\.?\s?j\.?\s?res\.?|s\.?\s?j\.?\s?res\.?|h\.?\s?con\.?\s?res\.?|s\.?\s?con\.?\s?res\.?|h\.?\s?res\.?|s\.?\s?res\.?|h\.?\s?r\.?|s\.?`;
const BILL = String.raw`(?<![\p{L}\p{N}.'’])(${DESIGNATION})\s{0,3}(?:no\.\s?)?(\d{1,5})(?![\p{L}\p{N}]|[-–]\d)`;
const USC = String.raw`(?<![\p{L}\p{N}])(\d{1,2})\s?u\.?\s?s\.?\s?c\.?\s?(?:a\.?\s?)?(?:§{1,2}\s?|sec(?:tion|\.)?\s)?(\d{1,6}[a-z]{0,2}(?:[-–]\d{1,4}[a-z]?)?)(?![\p{L}\p{N}])`;
const LAW = String.raw`(?<![\p{L}\p{N}])(?:public\s+law|pub\.?\s?l\.?|p\.?\s?l\.?)\s?(?:no\.\s?)?(\d{1,3})\s?[-–]\s?(\d{1,4})(?![\p{L}\p{N}])`;
const UNITS = new RegExp(`${LAW}|${USC}|${BILL}`, "giu");

function billType(designation: string): string | null {
  const compact = designation.toLowerCase().replace(/\s+/g, "");
  for (const [pattern, type] of BILL_TYPES) if (pattern.test(compact)) return type;
  return null;
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Every unit in `text`, in order. A Senate bill needs its period or its number right after the `S` (`S. 1`, `S1`),
 * and `S 1` is read as one too: in a query that is what it means.
 */
export function findUnits(text: string): Unit[] {
  const out: Unit[] = [];
  for (const m of text.matchAll(UNITS)) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[1] !== undefined && m[2] !== undefined) {
      const [congress, law] = [Number(m[1]), Number(m[2])];
      out.push({
        token: `pl${congress}n${law}`,
        phrases: [
          ["public", "law", `${congress}`, `${law}`],
          ["pub", "l", `${congress}`, `${law}`],
        ],
        start,
        end,
      });
    } else if (m[3] !== undefined && m[4] !== undefined) {
      const section = m[4].toLowerCase().replace(/[-–]/g, "");
      const sectionWords = words(m[4]);
      out.push({
        token: `usc${Number(m[3])}s${section}`,
        phrases: [
          [`${Number(m[3])}`, "u", "s", "c", ...sectionWords],
          [`${Number(m[3])}`, "usc", ...sectionWords],
        ],
        ...(/[a-z]$/.test(section) ? { hasFamily: true } : {}),
        start,
        end,
      });
    } else if (m[5] !== undefined && m[6] !== undefined) {
      const type = billType(m[5]);
      if (!type) continue;
      const number = `${Number(m[6])}`;
      out.push({
        token: `${type}${number}`,
        phrases: [
          [...words(m[5]), number],
          [type, number],
        ],
        start,
        end,
      });
    }
  }
  return out;
}
