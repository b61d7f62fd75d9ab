import type { CitationMatch } from "./match";

/**
 * Code of Federal Regulations citations as rules, notices and bills write them. A part is a number (`52`); a section
 * is its part, a dot and the section (`52.21`, `240.19b-4`, `1.05-1`, `165.T11-157`); subsections (`(b)(1)`) stay
 * in the text but not in the target, so every reference to one section compares equal: `cfr/40/52` for a part,
 * `cfr/40/52.21` for a section. A reference to a whole title or chapter ("40 CFR chapter I") names no part and is
 * not read.
 */
const TITLE = String.raw`(?:50|[1-4]\d|[1-9])`;
const DASH = String.raw`[-\u2010-\u2013]`;
const PART = String.raw`\d{1,5}`;
// A dashed suffix is part of the section ("200.30-3") unless a dot follows it: "404.310-404.311" is a range. A
// temporary section has a letter before its number ("165.T11-157").
const SECTION = String.raw`\d{1,5}\.(?:T\d{0,2}-?)?\d{1,5}[a-z]{0,3}(?:${DASH}\d{1,5}[a-z]{0,3}(?!\d|\.\d))*`;
const SUBSECTIONS = String.raw`(?:\([A-Za-z0-9]{1,8}\)){0,8}`;
const CODE = String.raw`(?:CFR|C\.\s?F\.\s?R\.|Code\s+of\s+Federal\s+Regulations(?:\s+\(CFR\))?)(?![A-Za-z])`;
const JOIN = String.raw`(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)`;
/** What may follow an item of a list: punctuation, a conjunction, a line's end; never "20 days" or "percent". */
const ITEM_END = String.raw`(?=\s*(?:[),;:.[\]\u2010-\u2013-]|and\b|or\b|through\b|$)|[ \t]*\n|\s+of\b)`;
/** A part number, not the part of a section ("52" in "52.21"); a sentence's full stop may follow it. */
const WHOLE_PART = String.raw`${PART}(?!\d|\.\d)`;
const PARTS = `${WHOLE_PART}(?:${JOIN}${WHOLE_PART}${ITEM_END})*`;
const SECTION_ITEM = String.raw`(?:${SECTION}${SUBSECTIONS}|\([A-Za-z0-9]{1,8}\)${SUBSECTIONS})`;
const SECTIONS = String.raw`${SECTION}${SUBSECTIONS}(?:(?:${JOIN}|\s*${DASH}\s*|\s+through\s+)${SECTION_ITEM}${ITEM_END})*`;
const FULL_NAME = String.raw`(?:,\s*|\s+of\s+the\s+|\s+)(?:Code\s+of\s+Federal\s+Regulations|CFR|C\.F\.R\.)`;

/** `40 CFR 52.21(b)`, `40 C.F.R. § 52.21`, `40 CFR part 52`, `42 CFR Parts 405, 410, and 600`, `42 CFR 424`. */
const SHORT_FORM = new RegExp(
  String.raw`(?<![\w.§])(?:[Tt]itle\s+)?(${TITLE})\s+${CODE}\s*(?:(?:[Pp]arts?|PARTS?)\s+(${PARTS})|(?:§{1,2}\s*)?(${SECTIONS})|(?:§\s*)?(${WHOLE_PART})(?!\s*(?:%|percent|FR\b)))`,
  "g",
);

/** `part 52 of title 40, Code of Federal Regulations`, `Part 52 of chapter I, title 40 of the Code of Federal …`. */
const LONG_PARTS = new RegExp(
  String.raw`\b[Pp]arts?\s+(${PARTS})\s+of\s+(?:(?:sub)?chapter\s+[IVXLC]+[A-Z]?,?\s+(?:of\s+)?)*title\s+(${TITLE})${FULL_NAME}`,
  "g",
);

/** `section 52.21 of title 40, Code of Federal Regulations`, `§ 52.21 of title 40 of the Code of Federal Regulations`. */
const LONG_SECTIONS = new RegExp(
  String.raw`(?:\b[Ss]ections?\s+|§{1,2}\s*)(${SECTIONS})\s+of\s+title\s+(${TITLE})${FULL_NAME}`,
  "g",
);

/** `title 50, part 13, of the Code of Federal Regulations`. */
const TITLE_FIRST = new RegExp(
  String.raw`\b[Tt]itle\s+(${TITLE}),?\s+[Pp]arts?\s+(${PARTS}),?\s+of\s+the\s+Code\s+of\s+Federal\s+Regulations`,
  "g",
);

const SECTION_IN_LIST = new RegExp(String.raw`${SECTION}|(?<![\w.(])${PART}(?![\w.)])`, "g");

/** `cfr/40/52` or `cfr/40/52.21`: leading zeros dropped, dashes as hyphens, in lower case (`165.t11-157`). */
function target(title: string, reference: string): string {
  const [part, section] = reference
    .toLowerCase()
    .replace(/[\u2010-\u2013]/g, "-")
    .split(/\.(.*)/s) as [string, string?];
  return `cfr/${Number(title)}/${Number(part)}${section ? `.${section}` : ""}`;
}

/** The targets of a list of parts or sections of one title ("52.21 and 52.22", "405, 410, and 600"). */
export function cfrListTargets(title: string, list: string): string[] {
  // Subsection parentheses hold digits ("(12)"): drop them before picking numbers out of the list.
  const bare = list.replace(/\([A-Za-z0-9]{1,8}\)/g, " ");
  return [...bare.matchAll(SECTION_IN_LIST)].map((m) => target(title, m[0]));
}

/** Every CFR citation in `text`, one match per phrase (a phrase may name several parts or sections). */
export function matchCfr(text: string): CitationMatch[] {
  const out: CitationMatch[] = [];
  const push = (index: number, phrase: string, targets: string[]) => {
    if (targets.length > 0) out.push({ kind: "cfr", start: index, end: index + phrase.length, targets });
  };
  for (const m of text.matchAll(SHORT_FORM)) {
    const title = m[1] as string;
    push(m.index, m[0], cfrListTargets(title, m[2] ?? m[3] ?? m[4] ?? ""));
  }
  for (const m of text.matchAll(LONG_PARTS)) push(m.index, m[0], cfrListTargets(m[2] as string, m[1] as string));
  for (const m of text.matchAll(LONG_SECTIONS)) push(m.index, m[0], cfrListTargets(m[2] as string, m[1] as string));
  for (const m of text.matchAll(TITLE_FIRST)) push(m.index, m[0], cfrListTargets(m[1] as string, m[2] as string));
  return out;
}
