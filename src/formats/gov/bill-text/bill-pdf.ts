import { AppError } from "../../../core/errors";
import { indexOfAscii, parsePdf } from "../../pdf";
import { type SectionRef, TextBuilder } from "../../text-builder";
import type { Sniff } from "../sniff";
import { emptyMetadata, type GovDocument, type StructuredSection } from "../types";
import { readFormPeople } from "./bill-html";
import { addTitle, finishBillMetadata, isoDate, setBill, versionFrom } from "./common";

/** Lines GPO prints on every page for its own production: dropped from the text. */
const PRODUCTION = [/^VerDate /, / with BILLS$/, /^\d{1,4}$/, /^•?\s?[A-Z]+ \d+ [A-Z]+\d?$/, /^Æ$/];
const LEGIS_NUM =
  /(H\. R\.|S\.|H\. RES\.|S\. RES\.|H\. J\. RES\.|S\. J\. RES\.|H\. CON\. RES\.|S\. CON\. RES\.) (\d+)\s*$/m;
const SLUG = /^•?\s?[A-Z]+ \d+ ([A-Z]+\d?)$/m;
const JOB = /E:\\BILLS\\[A-Z]+\d+\.([A-Z]+\d?)\b/;
const FORM_END = /^(A BILL|AN ACT|RESOLUTION|JOINT RESOLUTION|CONCURRENT RESOLUTION)$/;
const SECTION = /^(SECTION|SEC\.) (\d+[A-Za-z]*(?:-\d+)?)\.\s/;
const NUMBERED = /^\(([a-z]{1,4}|[A-Z]{1,4}|\d{1,3})\) /;
/** A list item follows a line that ends a sentence, a clause or an introduction. */
const ITEM_BEFORE = /([.;:—]|’’|\b(and|or))$/;

const ROMAN = /^(i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii|xiii|xiv|xv)$/;

/** Depth of a label below its section: (a) 2, (1) 3, (A) 4, (i) 5, (I) 6, (aa) 7; `(i)` after `(h)` is a letter. */
function depthOf(label: string, previousLetter: string | undefined): number {
  if (/^\d+$/.test(label)) return 3;
  const lower = label.toLowerCase();
  const letterNext = previousLetter && lower.length === 1 && lower.charCodeAt(0) === previousLetter.charCodeAt(0) + 1;
  if (ROMAN.test(lower) && !letterNext && !(lower === "i" && !previousLetter)) return label === lower ? 5 : 6;
  if (label.length === 1) return label === lower ? 2 : 4;
  return 7;
}

function titleCase(date: string): string {
  return date.replace(/\b([A-Z])([A-Z]+)\b/g, (_, a: string, b: string) => a + b.toLowerCase());
}

/**
 * A GPO bill PDF read through the generic PDF text: bill id from the form's congress and legislative number,
 * version from the page slug (`•HR 2008 IH`), dates and names from the form, sections at `SEC.` lines and at
 * numbered lines that follow the end of a clause. Page production lines are dropped. Throws
 * `AppError("unprocessable")` when the PDF is unreadable or is not a bill.
 */
export async function parseBillPdf(bytes: Uint8Array): Promise<GovDocument> {
  const raw = (await parsePdf(bytes)).text;
  const head = raw.slice(0, 2000);
  const congress = /(\d+)(?:ST|ND|RD|TH) CONGRESS/i.exec(head)?.[1];
  const legisNum = LEGIS_NUM.exec(head);
  if (!congress || !legisNum) throw new AppError("unprocessable", "the PDF is not a GPO bill: no congress or number");
  const meta = emptyMetadata("bill");
  setBill(meta, { congress, type: legisNum[1], number: legisNum[2] });
  if (/res/.test(meta.billType ?? "")) meta.documentType = "resolution";
  meta.version = versionFrom(SLUG.exec(raw)?.[1]) ?? versionFrom(JOB.exec(raw)?.[1]);
  const lines = raw.split("\n");
  const formEnd = lines.findIndex((l) => FORM_END.test(l.trim()));
  const form = formEnd > 0 ? lines.slice(0, formEnd) : [];
  const dates = form
    .map((l) => (/^[A-Z]+\.? \d{1,2}, \d{4}$/.test(l.trim()) ? isoDate(titleCase(l.trim())) : undefined))
    .filter((d): d is string => d !== undefined);
  meta.date = meta.version && /^i[hs]$/.test(meta.version.code) ? dates[0] : dates.at(-1);
  if (formEnd > 0) {
    const title: string[] = [];
    for (const line of lines.slice(formEnd + 1)) {
      // The title may start on the next page, after its production lines.
      if (PRODUCTION.some((re) => re.test(line.trim())) || (line.trim() === "" && title.length === 0)) continue;
      if (line.trim() === "" || /^(Be it enacted|Resolved)/.test(line)) break;
      title.push(line);
    }
    addTitle(meta, "official", title.join(" "));
  }
  for (const m of raw.matchAll(/may be cited as the\s+‘‘([\s\S]+?)’’/g)) addTitle(meta, "short", m[1]);
  meta.people = readFormPeople(`\n${form.join("\n")}`);
  const body = structure(lines);
  finishBillMetadata(meta, body.text);
  return { parser: "bill-pdf", text: body.text, title: meta.title, sections: body.sections, metadata: meta };
}

function structure(lines: readonly string[]): { text: string; sections: StructuredSection[] } {
  const builder = new TextBuilder();
  const records: { ref: SectionRef; path: string }[] = [];
  const stack: { level: number; label: string }[] = [];
  let previous = "";
  let previousLetter: string | undefined;
  let inBody = false;
  for (const line of lines) {
    if (PRODUCTION.some((re) => re.test(line.trim()))) continue;
    const section = SECTION.exec(line);
    const numbered = inBody && !section && ITEM_BEFORE.test(previous.trim()) ? NUMBERED.exec(line) : null;
    previous = line.trim() === "" ? previous : line;
    if (!section && !numbered) {
      builder.append(`${line}\n`, true);
      continue;
    }
    inBody = true;
    const label = section ? `Sec. ${section[2]}` : `(${numbered?.[1]})`;
    const level = section ? 1 : depthOf(numbered?.[1] ?? "", previousLetter);
    if (section) previousLetter = undefined;
    else if (level === 2) previousLetter = numbered?.[1];
    while ((stack.at(-1)?.level ?? 0) >= level) stack.pop();
    stack.push({ level, label });
    const runIn = section ? null : /^\([^)]+\) [^—]{1,100}?\.—/.exec(line);
    const heading = section ? line.trim() : (runIn?.[0] ?? (numbered?.[0].trim() as string));
    records.push({ ref: builder.openNamedSection(heading, level), path: stack.map((s) => s.label).join(" > ") });
    builder.append(`${line}\n`, true);
  }
  const doc = builder.finish();
  const paths = new Map(records.map((r) => [r.ref.start, r.path]));
  return { text: doc.text, sections: doc.sections.map((s) => ({ ...s, path: paths.get(s.start) ?? s.heading })) };
}

/**
 * GPO's bill composition systems name themselves in the PDF's creator fields: near the start, or in an update
 * further on when the PDF was saved twice (a search of the whole file, a few milliseconds for a long bill).
 */
export function acceptsBillPdf(sniff: Sniff): boolean {
  if (sniff.format !== "pdf" || !sniff.pdf) return false;
  return indexOfAscii(sniff.pdf, "ACOMP.exe") >= 0 || indexOfAscii(sniff.pdf, "G.S.D.D.") >= 0;
}
