import type { CitationMatch } from "./match";

/**
 * U.S. Code citations as bills and the Record write them. A section number is digits with optional letters and
 * dashed parts (`1395`, `1395w-4`, `247d-6e`, `300gg`); subsections (`(a)(1)`) stay in the text but not in the target,
 * so every reference to one section compares equal.
 */
const SECTION = String.raw`\d{1,6}[A-Za-z]{0,4}(?:[-\u2010-\u2013]\d{1,6}[A-Za-z]{0,4}){0,3}`;
const SUBSECTIONS = String.raw`(?:\([A-Za-z0-9]{1,8}\)){0,8}`;
const USC = String.raw`U\.?\s?S\.?\s?C\.?(?:\s?A\.?)?`;
const TAIL = String.raw`(?:\s+(?:et\s+seq\.?|note))?`;

/** `42 U.S.C. 1395w-4(a)(1)`, `title 42 U.S.C. 1395`, `42 U.S.C. 18031, 18041`, `42 U.S.C. §§ 1395 and 1396`. */
const SHORT_FORM = new RegExp(
  String.raw`(?<![\w.])(?:[Tt]itle\s+)?(\d{1,2})\s+${USC}\s*(?:§{1,2}\s*)?(${SECTION})${SUBSECTIONS}${TAIL}` +
    String.raw`((?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|through)\s+)${SECTION}${SUBSECTIONS}${TAIL}(?=\s*(?:[),;.\]]|and\b|or\b|$)))*)`,
  "g",
);

/** `section 1395 of title 42, United States Code`, `sections 1395 and 1396 of title 42`, `… of title 42 U.S.C.`. */
const LONG_FORM = new RegExp(
  String.raw`\b[Ss]ections?\s+(${SECTION}${SUBSECTIONS}(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|through)\s+)${SECTION}${SUBSECTIONS}){0,20})` +
    String.raw`\s+of\s+title\s+(\d{1,2})(?!\d|\s+of\b|\s*,(?!\s*United)|\s+\(|\s+Code\s+of\s+Federal|\s+C\.?F\.?R\b)(?:,?\s+(?:United\s+States\s+Code|${USC}))?`,
  "g",
);

/** A whole title: `title 42, United States Code`, `title 42 U.S.C.` with no section after it. */
const TITLE_ONLY = new RegExp(
  String.raw`\b[Tt]itle\s+(\d{1,2})(?:,\s+United\s+States\s+Code|\s+${USC})(?!\s*(?:§|\d))`,
  "g",
);

const SECTION_IN_LIST = new RegExp(SECTION, "g");

function sectionKey(raw: string): string {
  return raw.replace(/[\u2010-\u2013]/g, "-");
}

/**
 * A section, or both ends of a range: "4822-4846" is a range (digits on both sides, rising), while "1395w-4" and
 * "1320d-2" are single sections whose numbers contain a dash.
 */
function expandSection(raw: string): string[] {
  const key = sectionKey(raw);
  const range = /^(\d+)-(\d+)$/.exec(key);
  if (range && Number(range[2]) > Number(range[1])) return [range[1] as string, range[2] as string];
  return [key];
}

function sectionsOf(list: string): string[] {
  // Subsection parentheses can hold digits ("(1)"): drop them before picking section numbers out of the list.
  const bare = list.replace(/\([A-Za-z0-9]{1,8}\)/g, " ");
  return [...bare.matchAll(SECTION_IN_LIST)].flatMap((m) => expandSection(m[0]));
}

function targets(title: string, sections: string[]): string[] {
  const t = String(Number(title));
  return sections.length > 0 ? sections.map((s) => `usc/${t}/${s}`) : [`usc/${t}`];
}

/** Every U.S. Code citation in `text`, one match per phrase (a phrase may name several sections). */
export function matchUsc(text: string): CitationMatch[] {
  const out: CitationMatch[] = [];
  for (const m of text.matchAll(SHORT_FORM)) {
    const first = expandSection(m[2] as string);
    const rest = m[3] ? sectionsOf(m[3]) : [];
    out.push({
      kind: "usc",
      start: m.index,
      end: m.index + m[0].length,
      targets: targets(m[1] as string, [...first, ...rest]),
    });
  }
  for (const m of text.matchAll(LONG_FORM)) {
    out.push({
      kind: "usc",
      start: m.index,
      end: m.index + m[0].length,
      targets: targets(m[2] as string, sectionsOf(m[1] as string)),
    });
  }
  for (const m of text.matchAll(TITLE_ONLY)) {
    out.push({ kind: "usc", start: m.index, end: m.index + m[0].length, targets: targets(m[1] as string, []) });
  }
  return out;
}
