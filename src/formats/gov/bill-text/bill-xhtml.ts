import { AppError } from "../../../core/errors";
import {
  type DomElement,
  findFirst,
  isElement,
  isText,
  parseHtmlDom,
  textContentOf,
  textOf,
  traverse,
} from "../../dom";
import { appendHtmlNodes } from "../../html";
import { type SectionRef, TextBuilder } from "../../text-builder";
import type { Sniff } from "../sniff";
import { emptyMetadata, type GovDocument, type StructuredSection } from "../types";
import { readFormPeople } from "./bill-html";
import { addTitle, chamberFrom, finishBillMetadata, isoDate, setBill, versionFrom } from "./common";
import { decodeMarkup } from "./xml-doc";

const SECTION = /^(SECTION|SEC\.)\s+(\d+[A-Za-z]*(?:-\d+)?)\./;
const NUMBERED = /^\(([A-Za-z]{1,5}|\d{1,3})\)\s/;
/** GPO's stylesheet classes for the indentation of each level below the section. */
const LEVEL_CLASSES: [RegExp, number][] = [
  [/lbex(Non)?IndentSubItem/, 8],
  [/lbex(Non)?IndentItem/, 7],
  [/lbex(Non)?IndentSubclause/, 6],
  [/lbex(Non)?IndentClause/, 5],
  [/lbex(Non)?IndentSubpar/, 4],
  [/lbex(Non)?IndentParagraph/, 3],
];

const byClass = (name: string) => (e: DomElement) => (e.attribs.class ?? "").split(/\s+/).includes(name);

function levelOf(p: DomElement, line: string): { level: number; label: string; heading: string } | null {
  const section = SECTION.exec(line);
  if (section) return { level: 1, label: `Sec. ${section[2]}`, heading: line.slice(0, 200) };
  const numbered = NUMBERED.exec(line);
  if (!numbered) return null;
  const cls = p.attribs.class ?? "";
  const level = LEVEL_CLASSES.find(([re]) => re.test(cls))?.[1] ?? 2;
  // A run-in heading ends in a full stop and a dash: `(a) In general.—`.
  const runIn = /^\([^)]+\)\s+[^—]{1,100}?\.—/.exec(line);
  const heading = runIn ? runIn[0] : numbered[0].trim();
  return { level, label: `(${numbered[1]})`, heading };
}

/**
 * GPO's XHTML rendering of a bill (`lbex…` stylesheet classes): bill id from the page title and the legislative
 * number, version from the title's stage, dates and names from the form, sections at `SEC.` paragraphs and at
 * numbered paragraphs, whose level the indentation class gives. Names carry no ids: the rendering has none.
 * Throws `AppError("unprocessable")` when the page has no legislative number.
 */
export async function parseBillXhtml(bytes: Uint8Array): Promise<GovDocument> {
  if (bytes.length === 0) throw new AppError("unprocessable", "the file is empty");
  const dom = parseHtmlDom(decodeMarkup(bytes));
  const body = findFirst(dom.children, (e) => e.name === "body");
  const legisNum = /^(.*?)\s*(\d+)$/.exec(textOf(findFirst(dom.children, byClass("lbexLegisNum"))?.children ?? []));
  if (!body || !legisNum) throw new AppError("unprocessable", "the page has no legislative number");
  const meta = emptyMetadata("bill");
  // On the raw text, `\s+` stands for the single space that collapsing the whole body would leave.
  const congress = /(\d+)(?:st|nd|rd|th)\s+CONGRESS/i.exec(textContentOf(body.children))?.[1];
  setBill(meta, { congress, type: legisNum[1], number: legisNum[2] });
  if (/res/.test(meta.billType ?? "")) meta.documentType = "resolution";
  const title = textOf(findFirst(dom.children, (e) => e.name === "title")?.children ?? []);
  meta.version = versionFrom(/\(([^)]+)\)\s*$/.exec(title)?.[1]);
  meta.chamber = chamberFrom(textOf(findFirst(body.children, byClass("lbexChamber"))?.children ?? []));

  const builder = new TextBuilder();
  const records: { ref: SectionRef; path: string }[] = [];
  const stack: { level: number; label: string }[] = [];
  const dates: string[] = [];
  let legisType: DomElement | null = null;
  let officialNext = false;
  traverse<true>(body.children, true, {
    enter(node) {
      if (isText(node)) {
        builder.append(node.data);
        return null;
      }
      if (!isElement(node)) return null;
      const cls = node.attribs.class ?? "";
      if (cls.includes("lbexLegisType")) legisType = node;
      if (!legisType && cls.includes("lbexSimplecap")) {
        const date = isoDate(textOf(node.children));
        if (date) dates.push(date);
      }
      if (node.name === "p" && !findFirst(node.children, (e) => e.name === "p")) {
        const line = textOf(node.children);
        if (officialNext && line) {
          addTitle(meta, "official", line);
          officialNext = false;
        }
        if (!legisType && /\) (introduced|submitted) the following/.test(line)) {
          meta.people = readFormPeople(`\n${line}`);
        }
        const level = levelOf(node, line);
        if (level) {
          while ((stack.at(-1)?.level ?? 0) >= level.level) stack.pop();
          stack.push(level);
          records.push({
            ref: builder.openNamedSection(level.heading, level.level),
            path: stack.map((s) => s.label).join(" > "),
          });
        } else builder.requestBreak(2);
        appendHtmlNodes(builder, node.children, { sections: false });
        builder.requestBreak(2);
        return null;
      }
      if (legisType && node === legisType) officialNext = true;
      builder.requestBreak(1);
      return true;
    },
  });
  const doc = builder.finish();
  const paths = new Map(records.map((r) => [r.ref.start, r.path]));
  const sections: StructuredSection[] = doc.sections.map((s) => ({ ...s, path: paths.get(s.start) ?? s.heading }));
  const intro = meta.version && /^i[hs]$/.test(meta.version.code);
  meta.date = intro ? dates[0] : dates.at(-1);
  for (const m of doc.text.matchAll(/may be cited as the “([^”]+)”/g)) addTitle(meta, "short", m[1]);
  finishBillMetadata(meta, doc.text);
  return { parser: "bill-xhtml", text: doc.text, title: meta.title, sections, metadata: meta };
}

export function acceptsBillXhtml(sniff: Sniff): boolean {
  return sniff.format === "html" && /\.lbexLegisNum|class="lbexBody"/.test(sniff.text);
}
