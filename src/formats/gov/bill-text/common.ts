import { billId, normaliseBillType, VERSION_NAMES, versionOf } from "../bill-id";
import type { Chamber, GovMetadata, PersonMention } from "../types";

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** `2021-03-18` from `2021-03-18`, `20210318` or `March 18, 2021`; undefined otherwise. */
export function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.trim();
  let m = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(v);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  m = /\b([A-Z][a-z]{2,8})\.?\s+(\d{1,2}),\s+(\d{4})\b/.exec(v);
  if (m) {
    const month = MONTHS.indexOf((m[1] as string).slice(0, 3).toLowerCase());
    if (month >= 0) return `${m[3]}-${String(month + 1).padStart(2, "0")}-${(m[2] as string).padStart(2, "0")}`;
  }
  return undefined;
}

const VERSION_BY_NAME = new Map(
  Object.entries(VERSION_NAMES).map(([code, name]) => [name.toLowerCase().replace(/[^a-z]/g, ""), code]),
);

/** A version from a code (`IH`, `enr`) or a name (`Introduced in House`, `Introduced-in-House`). */
export function versionFrom(value: string | undefined): { code: string; name: string } | undefined {
  if (!value) return undefined;
  const v = value.trim();
  const byCode = versionOf(v);
  if (byCode) return byCode;
  const code = VERSION_BY_NAME.get(v.toLowerCase().replace(/[^a-z]/g, ""));
  return code ? versionOf(code) : undefined;
}

/** The first of the values that reads as a compact citation `116hr2000ih` or `116 H. R. 2000 IH`. */
export function parseCitableAs(
  values: readonly string[],
): { congress: number; type: string; number: number; version?: string } | undefined {
  for (const raw of values) {
    const v = raw.trim();
    const compact = /^(\d{1,3})([a-z]+?)(\d{1,5})([a-z]+\d?)?$/i.exec(v);
    const spaced = /^(\d{1,3})\s+([A-Za-z. ]+?)\s*(\d{1,5})(?:\s+([A-Za-z]+\d?))?$/.exec(v);
    const m = compact ?? spaced;
    if (!m) continue;
    const type = normaliseBillType(m[2] as string);
    if (!type) continue;
    return { congress: Number(m[1]), type, number: Number(m[3]), version: m[4]?.toLowerCase() };
  }
  return undefined;
}

/** Fills the bill id fields when all three parts are valid. */
export function setBill(
  meta: GovMetadata,
  parts: { congress?: number | string; type?: string; number?: number | string },
): void {
  if (parts.congress !== undefined && Number.isInteger(Number(parts.congress)) && Number(parts.congress) > 0) {
    meta.congress = Number(parts.congress);
  }
  if (!parts.type || parts.number === undefined || meta.congress === undefined) return;
  const id = billId(meta.congress, parts.type, parts.number);
  if (!id) return;
  meta.billId = id;
  meta.billType = normaliseBillType(parts.type) ?? undefined;
  meta.billNumber = Number(parts.number);
}

export function chamberFrom(value: string | undefined): Chamber | undefined {
  const v = value?.trim().toLowerCase() ?? "";
  if (v === "h" || v.includes("house")) return "house";
  if (v === "s" || v.includes("senate")) return "senate";
  return undefined;
}

/** The chamber a version belongs to, from its code (`ih`, `eas`, `rfs`), when the code names one. */
export function chamberOfVersion(code: string | undefined): Chamber | undefined {
  if (!code || code === "enr") return undefined;
  if (code.endsWith("h")) return "house";
  if (code.endsWith("s")) return "senate";
  return undefined;
}

/** "Passed the House of Representatives June 15, 2021." — the attestation that closes an engrossed bill. */
const ATTESTATION = /Passed the (?:House of Representatives|Senate)\s+([A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4})/g;
/** The attestation sits at the very end: only that much of the text is searched. */
const ATTESTATION_TAIL = 4000;

/**
 * The date of the latest passage a version's attestation states, for versions whose form gives no date (engrossed
 * bills and amendments have no action line; their attestation says when the chamber passed them).
 */
export function attestationDate(text: string): string | undefined {
  let last: string | undefined;
  for (const m of text.slice(-ATTESTATION_TAIL).matchAll(ATTESTATION)) last = isoDate(m[1]) ?? last;
  return last;
}

/**
 * Display title, date kind and chamber, which follow from the rest: the short title when there is one, else the
 * official; "introduced" for introduced versions, "action" for later ones (unless already set). An engrossed
 * version whose markup gives no date takes its attestation's, from the end of `text`.
 */
export function finishBillMetadata(meta: GovMetadata, text?: string): void {
  const short = meta.titles.find((t) => t.type === "short");
  const official = meta.titles.find((t) => t.type === "official");
  meta.title = (short ?? official ?? meta.titles[0])?.text ?? meta.title;
  // Only engrossed texts: a later version (referred, received) repeats the attestation of a passage before it.
  if (!meta.date && text && /^e(?!nr)/.test(meta.version?.code ?? "")) meta.date = attestationDate(text);
  if (meta.date && !meta.dateKind) {
    meta.dateKind = meta.version && /^i[hs]$/.test(meta.version.code) ? "introduced" : "action";
  }
  meta.chamber ??= chamberOfVersion(meta.version?.code);
  meta.people = dedupePeople(meta.people);
}

/** One mention per person and role: the first with an id wins; mentions without ids are kept by name. */
export function dedupePeople(people: readonly PersonMention[]): PersonMention[] {
  const seen = new Set<string>();
  const out: PersonMention[] = [];
  for (const p of people) {
    const key = `${p.role}:${p.bioguideId ?? p.lisId ?? p.name.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}

/**
 * Adds a title unless the same type and text is already there. An enrolled bill quotes its short title where it
 * states it (`This Act may be cited as the “… Act, 2015”.`), and GPO's USLM keeps the quotation marks inside the
 * element: they are not part of the title.
 */
export function addTitle(meta: GovMetadata, type: "official" | "short", raw: string | undefined): void {
  const value = raw
    ?.replace(/\s+/g, " ")
    .trim()
    .replace(/^[“"]([^“”"]+)[”"]$/, "$1");
  if (!value) return;
  if (!meta.titles.some((t) => t.type === type && t.text === value)) meta.titles.push({ type, text: value });
}

const NUMBER_WORDS: Record<string, number> = {};
"one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen"
  .split(" ")
  .forEach((w, i) => {
    NUMBER_WORDS[w] = i + 1;
  });
"first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
  .split(" ")
  .forEach((w, i) => {
    NUMBER_WORDS[w] = i + 1;
  });
"twenty thirty forty fifty sixty seventy eighty ninety".split(" ").forEach((w, i) => {
  NUMBER_WORDS[w] = (i + 2) * 10;
  NUMBER_WORDS[`${w.slice(0, -1)}ieth`] = (i + 2) * 10;
});

/** `One Hundred Sixteenth Congress of the United States of America` → 116, as enrolled bills print it. */
export function congressFromWords(text: string): number | undefined {
  const words =
    /^(.*?)\s+congress\b/i
      .exec(text.trim())?.[1]
      ?.toLowerCase()
      .split(/[\s-]+/) ?? [];
  let total = 0;
  for (const word of words) {
    if (word === "hundred" || word === "hundredth") total = (total || 1) * 100;
    else if (word in NUMBER_WORDS) total += NUMBER_WORDS[word] ?? 0;
    else if (word !== "and") return undefined;
  }
  return total > 0 ? total : undefined;
}
