import { AppError } from "../../../core/errors";
import { htmlElementText } from "../../dom";
import { type SectionRef, TextBuilder } from "../../text-builder";
import type { Sniff } from "../sniff";
import { emptyMetadata, type GovDocument, type PersonMention, type StructuredSection } from "../types";
import { addTitle, finishBillMetadata, isoDate, setBill, versionFrom } from "./common";
import { decodeMarkup } from "./xml-doc";

const BANNER = /\[Congressional Bills (\d+)(?:st|nd|rd|th) Congress\]/;
const VERSION_LINE = /^\[(.+?)\s+(\d+)\s+(.+?)\s+\((\w+)\)\]$/m;
const SECTION_LINE = /^(SECTION|SEC\.)\s+(\d+[A-Za-z]*(?:-\d+)?)\.\s/;
/** A numbered paragraph at its indentation: four spaces per level below the section. */
const PARAGRAPH_LINE = /^((?: {4})+)\(([a-zA-Z]{1,5}|\d{1,3})\)\s/;
const DATE_LINE = /^\s*([A-Z][a-z]+\.? \d{1,2}, \d{4})\s*$/;
const FORM_END = /^\s*(A BILL|AN ACT|RESOLUTION|JOINT RESOLUTION|CONCURRENT RESOLUTION|AMENDMENT)\s*$/;

interface Open {
  ref: SectionRef;
  level: number;
  label: string;
}

/** Text and sections: sections at `SEC. n.` lines and at numbered paragraphs by indentation, after the first. */
function structure(lines: readonly string[]): { text: string; sections: StructuredSection[] } {
  const builder = new TextBuilder();
  const records: { ref: SectionRef; path: string }[] = [];
  const stack: Open[] = [];
  let inBody = false;
  for (const line of lines) {
    const section = SECTION_LINE.exec(line);
    const paragraph = inBody ? PARAGRAPH_LINE.exec(line) : null;
    if (!section && !paragraph) {
      builder.append(`${line}\n`, true);
      continue;
    }
    inBody = true;
    const level = section ? 1 : 1 + (paragraph?.[1]?.length ?? 4) / 4;
    const label = section ? `Sec. ${section[2]}` : `(${paragraph?.[2]})`;
    while ((stack.at(-1)?.level ?? 0) >= level) stack.pop();
    const ref = builder.openSection(level, 1);
    // A numbered paragraph's heading is its number and run-in heading (`(a) In general.--`), if it has one.
    const runIn = section ? line.length : line.indexOf(".--");
    const headingEnd = runIn > 0 ? runIn + (section ? 0 : 3) : (paragraph?.[0].length ?? line.length);
    builder.append(line.slice(0, headingEnd), true);
    builder.endHeading(ref);
    builder.append(`${line.slice(headingEnd)}\n`, true);
    stack.push({ ref, level, label });
    records.push({ ref, path: stack.map((o) => o.label).join(" > ") });
  }
  const doc = builder.finish();
  const named = records.filter((r) => r.ref.heading !== "");
  // A numbered paragraph's section starts at its number, not at the indentation before it.
  const sections = doc.sections.map((s, i) => {
    let start = s.start;
    while (start < s.end && doc.text.charCodeAt(start) === 32) start++;
    return { ...s, start, path: named[i]?.path ?? s.heading };
  });
  return { text: doc.text, sections };
}

/** `Ms. Craig (for herself and Mr. Mast) introduced…`: names as printed, without ids (the text gives none). */
export function readFormPeople(form: string): PersonMention[] {
  const action = /\n\s*((?:Mr|Ms|Mrs|Miss|Dr)\.[\s\S]*?)\s(?:introduced|submitted)\s/
    .exec(form)?.[1]
    ?.replace(/\s+/g, " ");
  if (!action) return [];
  const open = action.indexOf(" (for ");
  const people: PersonMention[] = [{ name: (open > 0 ? action.slice(0, open) : action).trim(), role: "sponsor" }];
  if (open > 0) {
    const inner = action
      .slice(open + 6, action.lastIndexOf(")"))
      .replace(/^(himself|herself|themselves)(,| and)\s*/, "");
    for (const name of inner.split(/,\s*(?:and\s+)?|\s+and\s+/)) {
      if (/^(Mr|Ms|Mrs|Miss|Dr)\./.test(name.trim())) people.push({ name: name.trim(), role: "cosponsor" });
    }
  }
  return people;
}

/**
 * GPO's text rendering of a bill in HTML (`<pre>` under a `[Congressional Bills …]` banner): bill id and version
 * from the banner, dates and names from the form, titles from the text, and sections at `SEC.` lines and numbered
 * paragraphs. Names carry no ids: the rendering has none. Throws `AppError("unprocessable")` when the banner is
 * missing.
 */
export async function parseBillHtml(bytes: Uint8Array): Promise<GovDocument> {
  if (bytes.length === 0) throw new AppError("unprocessable", "the file is empty");
  const raw = htmlElementText(decodeMarkup(bytes), "pre") ?? "";
  const banner = BANNER.exec(raw);
  const versionLine = VERSION_LINE.exec(raw);
  if (!banner || !versionLine) throw new AppError("unprocessable", "the page has no GPO bill banner");
  const meta = emptyMetadata("bill");
  setBill(meta, { congress: banner[1], type: versionLine[1], number: versionLine[2] });
  if (/res/i.test(meta.billType ?? "")) meta.documentType = "resolution";
  meta.version = versionFrom(versionLine[4]) ?? versionFrom(versionLine[3]);
  const lines = raw.replace(/\r\n?/g, "\n").split("\n");
  const formEnd = lines.findIndex((l) => FORM_END.test(l));
  const form = formEnd > 0 ? lines.slice(0, formEnd) : [];
  const dates = form.map((l) => isoDate(DATE_LINE.exec(l)?.[1])).filter((d): d is string => d !== undefined);
  meta.date = meta.version && /^i[hs]$/.test(meta.version.code) ? dates[0] : dates.at(-1);
  if (formEnd > 0) {
    const after = lines.slice(formEnd + 1);
    const start = after.findIndex((l) => l.trim() !== "");
    const end = after.findIndex((l, i) => i > start && l.trim() === "");
    addTitle(meta, "official", after.slice(start, end < 0 ? undefined : end).join(" "));
  }
  for (const m of raw.matchAll(/may be cited as the\s+``([\s\S]+?)''/g)) addTitle(meta, "short", m[1]);
  meta.people = readFormPeople(form.join("\n"));
  const body = structure(lines);
  finishBillMetadata(meta, body.text);
  return { parser: "bill-html", text: body.text, title: meta.title, sections: body.sections, metadata: meta };
}

export function acceptsBillHtml(sniff: Sniff): boolean {
  return sniff.format === "html" && /<pre\b/i.test(sniff.text) && BANNER.test(sniff.text);
}
