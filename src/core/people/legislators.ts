import { AppError } from "../errors";

/** One term of service, as the legislators data records it. */
export interface LegislatorTerm {
  type: "rep" | "sen";
  /** Two-letter postal code. */
  state: string;
  /** House district; 0 for at-large seats. */
  district?: number;
  party?: string;
  /** ISO dates; a term ends on the day the next one may begin. */
  start: string;
  end: string;
}

export interface LegislatorName {
  first: string;
  last: string;
  middle?: string;
  suffix?: string;
  nickname?: string;
  officialFull?: string;
}

/** A member of Congress from the legislators data (congress-legislators YAML, CC0). */
export interface Legislator {
  bioguideId: string;
  lisId?: string;
  thomasId?: string;
  govtrackId?: number;
  name: LegislatorName;
  /** "M" or "F" when the data says. */
  gender?: string;
  terms: LegislatorTerm[];
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

function parseTerm(raw: unknown): LegislatorTerm | null {
  if (!isObj(raw)) return null;
  const type = raw.type;
  const state = str(raw.state);
  const start = str(raw.start);
  const end = str(raw.end);
  if ((type !== "rep" && type !== "sen") || !state || !start || !end) return null;
  const term: LegislatorTerm = { type, state: state.toUpperCase(), start, end };
  if (typeof raw.district === "number") term.district = raw.district;
  const party = str(raw.party);
  if (party) term.party = party;
  return term;
}

function parseName(raw: unknown): LegislatorName | null {
  if (!isObj(raw)) return null;
  const first = str(raw.first);
  const last = str(raw.last);
  if (!first || !last) return null;
  const name: LegislatorName = { first, last };
  const middle = str(raw.middle);
  const suffix = str(raw.suffix);
  const nickname = str(raw.nickname);
  const officialFull = str(raw.official_full);
  if (middle) name.middle = middle;
  if (suffix) name.suffix = suffix;
  if (nickname) name.nickname = nickname;
  if (officialFull) name.officialFull = officialFull;
  return name;
}

/**
 * Legislators from the parsed YAML of `legislators-current.yaml` or `legislators-historical.yaml` (an array of
 * `{id, name, bio, terms}`). Entries without a bioguide id, a name or a valid term are skipped, so an older or newer
 * file with extra or missing fields still loads. Throws `AppError("unprocessable")` when the document is not a list.
 */
export function parseLegislators(data: unknown): Legislator[] {
  if (!Array.isArray(data)) throw new AppError("unprocessable", "legislators data is not a list");
  const out: Legislator[] = [];
  for (const entry of data) {
    if (!isObj(entry) || !isObj(entry.id)) continue;
    const bioguideId = str(entry.id.bioguide);
    const name = parseName(entry.name);
    if (!bioguideId || !name) continue;
    const terms = Array.isArray(entry.terms)
      ? entry.terms.map(parseTerm).filter((t): t is LegislatorTerm => t !== null)
      : [];
    if (terms.length === 0) continue;
    const legislator: Legislator = { bioguideId, name, terms };
    const lisId = str(entry.id.lis);
    const thomasId = str(entry.id.thomas);
    if (lisId) legislator.lisId = lisId;
    if (thomasId) legislator.thomasId = thomasId;
    if (typeof entry.id.govtrack === "number") legislator.govtrackId = entry.id.govtrack;
    const gender = isObj(entry.bio) ? str(entry.bio.gender) : undefined;
    if (gender) legislator.gender = gender;
    out.push(legislator);
  }
  return out;
}
