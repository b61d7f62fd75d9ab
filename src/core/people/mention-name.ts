import { stateCode } from "../../formats/gov/states";

export type PersonChamber = "house" | "senate";

/** One way to read a written name: a last name (normalised), with the given names it implies (first, nickname). */
export interface NameReading {
  last: string;
  firsts: string[];
}

/** What a written name says about its bearer, with every field optional except the readings. */
export interface ParsedMentionName {
  /** Most specific first: "Carolyn B. Maloney" reads as `carolyn b maloney`, then `b maloney` (first "carolyn")… */
  readings: NameReading[];
  /** "M" for Mr., "F" for Mrs., Ms., Miss. */
  gender?: "M" | "F";
  chamber?: PersonChamber;
  state?: string;
  party?: string;
  district?: number;
}

/** Lower case, no accents, punctuation and hyphens as spaces, apostrophes dropped: "Luján" and "LUJAN" compare equal. */
export function nameKey(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['\u2019`]/g, "")
    .replace(/[^a-z]+/g, " ")
    .trim();
}

const TITLE =
  /^(mr|mrs|ms|miss|dr|rep|representative|sen|senator|del|delegate|resident commissioner|res\.? comm|commissioner)\.?\s+/i;
const SUFFIX = /^(jr|sr|ii|iii|iv|v)\.?,?$/i;
const PARTY = /^(D|R|I|ID|L|DFL|Ind|Dem|Rep)$/i;

function partyLetter(text: string): string | undefined {
  return PARTY.test(text) ? (text[0] as string).toUpperCase() : undefined;
}

/** `D-TX-9`, `R-WY`, `D-DC-At Large`, `SD`, `D-NY-19`: party, state and district, in that order when dashed. */
function readAffiliation(inner: string, into: ParsedMentionName): void {
  const parts = inner.split(/\s*[-\u2013/]\s*/).filter((p) => p !== "");
  // Nothing but separators ("(/)", "[-]"): nothing to read.
  if (parts.length === 0) return;
  if (parts.length === 1) {
    const only = parts[0] as string;
    const state = stateCode(only);
    if (state) into.state = state;
    else into.party = partyLetter(only) ?? into.party;
    return;
  }
  const [party, state, district] = parts as [string, string, string | undefined];
  into.party = partyLetter(party) ?? into.party;
  into.state = stateCode(state) ?? into.state;
  if (district !== undefined) {
    if (/^at[\s-]?large$/i.test(district)) into.district = 0;
    else if (/^\d{1,2}$/.test(district)) into.district = Number(district);
  }
}

function readTitle(title: string, into: ParsedMentionName): void {
  const t = title.toLowerCase().replace(/\.$/, "");
  if (t === "mr") into.gender = "M";
  else if (t === "mrs" || t === "ms" || t === "miss") into.gender = "F";
  else if (t.startsWith("sen")) into.chamber = "senate";
  else if (t !== "dr") into.chamber = "house";
}

/** Readings of space-separated names: the whole as a last name, then ever shorter tails with the first word as first name. */
function readingsOf(words: string[]): NameReading[] {
  const kept = words.filter((w, i) => i === 0 || !SUFFIX.test(w));
  const out: NameReading[] = [];
  for (let i = 0; i < kept.length; i++) {
    const last = nameKey(kept.slice(i).join(" "));
    if (!last) continue;
    out.push({ last, firsts: i === 0 ? [] : [nameKey(kept[0] as string)] });
  }
  return out;
}

/** The name, whitespace collapsed, without the bracketed affiliations that end it (`[D-TX-9]`, `(R-TN)`), each seen. */
function withoutAffiliations(raw: string, seen: (inner: string) => void = () => {}): string {
  let s = raw.replace(/\s+/g, " ").trim();
  for (;;) {
    const bracket = /\s*[[(]([^\])[(]{1,40})[\])]\s*$/.exec(s);
    if (!bracket) return s;
    seen(bracket[1] as string);
    s = s.slice(0, bracket.index);
  }
}

/** Whether every word after the name's first comma is a suffix (`Jr.`, `Sr.`, `III`). */
function onlySuffixAfterComma(s: string): boolean {
  const comma = s.indexOf(",");
  if (comma <= 0) return false;
  const words = s
    .slice(comma + 1)
    .split(/[\s,]+/)
    .filter((w) => w !== "");
  return words.length > 0 && words.every((w) => SUFFIX.test(w));
}

/**
 * Reads a name as documents write it: "Mr. Delgado", "Mr. Larson of Connecticut", "Ms. PELOSI", "Sen. Warren",
 * "Delgado (D-NY)", "Johnson (SD)", "Rep. Green, Al [D-TX-9]", "Scott, David", "Mrs. Carolyn B. Maloney of New York",
 * "Mr. Manager SCHIFF" (a House member).
 * Pure and total: any string gives a result (with no readings when nothing name-like is left).
 */
export function parseMentionName(raw: string): ParsedMentionName {
  const parsed: ParsedMentionName = { readings: [] };
  let s = withoutAffiliations(raw, (inner) => readAffiliation(inner, parsed));
  const title = TITLE.exec(s);
  if (title) {
    readTitle(title[1] as string, parsed);
    s = s.slice(title[0].length);
    // An impeachment trial's record names the House's managers so ("Mr. Manager SCHIFF"), on the Senate's pages.
    const manager = /^managers?\s+/i.exec(s);
    if (manager) {
      parsed.chamber = "house";
      s = s.slice(manager[0].length);
    }
  }
  const of = /\s+of\s+([A-Za-z .]{2,40})$/.exec(s);
  if (of) {
    const state = stateCode((of[1] as string).replace(/\.$/, ""));
    if (state) {
      parsed.state = state;
      s = s.slice(0, of.index);
    }
  }
  // "Randy K. Weber, Sr.": a comma before nothing but a suffix ends a name in reading order.
  const comma = onlySuffixAfterComma(s) ? -1 : s.indexOf(",");
  if (comma > 0) {
    const last = nameKey(s.slice(0, comma));
    const rest = s.slice(comma + 1);
    const quoted = /["\u201c\u201d]([^"\u201c\u201d]+)["\u201c\u201d]/.exec(rest);
    const given = rest
      .replace(/["\u201c\u201d][^"\u201c\u201d]*["\u201c\u201d]/g, " ")
      .split(" ")
      .filter((w) => w !== "" && !SUFFIX.test(w));
    const firsts = [given[0], quoted?.[1]].map((w) => (w ? nameKey(w) : "")).filter((w) => w !== "");
    if (last) parsed.readings.push({ last, firsts });
    return parsed;
  }
  parsed.readings = readingsOf(s.split(" ").filter((w) => w !== ""));
  return parsed;
}

/**
 * A name written "Last, Given" as a record lists members ("Rep. Green, Gene [D-TX-29]", `Rep. Johnson, Henry C.
 * "Hank," Jr. [D-GA-4]`) in reading order, without its title and affiliation: "Gene Green", `Henry C. "Hank"
 * Johnson Jr.`. Null for a name not written that way ("Mr. Delgado", "Lamar Alexander").
 */
export function formalName(raw: string): string | null {
  const s = withoutAffiliations(raw).replace(TITLE, "");
  const comma = s.indexOf(",");
  if (comma <= 0 || onlySuffixAfterComma(s)) return null;
  const last = s.slice(0, comma).trim();
  const words = s
    .slice(comma + 1)
    .replace(/,(?=["\u201d])/g, "")
    .split(" ")
    .map((w) => w.replace(/,$/, ""))
    .filter((w) => w !== "");
  // Jr. and the like end the name; a "V." there is more likely a middle initial than the fifth.
  let end = words.length;
  while (end > 1 && /^(jr|sr|ii|iii|iv)\.?$/i.test(words[end - 1] as string)) end--;
  const given = words.slice(0, end);
  const suffixes = words.slice(end);
  if (!/\p{L}/u.test(last) || given.length === 0) return null;
  return [...given, last, ...suffixes].join(" ");
}

/**
 * A name as a record should show it, when the mention gives it in full: a record's "Last, Given" in reading order
 * (see `formalName`), or a name already written so, without title ("Richard Shelby", "Marjorie Taylor Greene", as
 * vote records and MODS give them). Null for "Mr. Shelby", "Shelby (R-AL)", "S184" or "The SPEAKER pro tempore".
 */
export function fullName(raw: string): string | null {
  const formal = formalName(raw);
  if (formal) return formal;
  const s = withoutAffiliations(raw);
  if (TITLE.test(s) || s.includes(",")) return null;
  const words = s.split(" ");
  return words.length >= 2 && words.every((w) => /^\p{Lu}[\p{L}.'\u2019-]*$/u.test(w)) ? s : null;
}
