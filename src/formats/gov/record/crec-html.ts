import { DomUtils } from "htmlparser2";
import { AppError } from "../../../core/errors";
import { decodeText } from "../../decode";
import { findFirst, parseHtmlDom, textOf } from "../../dom";
import { type SectionRef, TextBuilder } from "../../text-builder";
import { congressOn } from "../bill-id";
import { extractCitations, pageStarts, recordPageCitations } from "../citations";
import { isoDateFromWords } from "../dates";
import { withPaths } from "../federal-register/section-paths";
import type { GovParser, Sniff } from "../sniff";
import { type Chamber, emptyMetadata, type GovDocument, type PersonMention } from "../types";
import { speakerLine } from "./speakers";

const VOLUME_LINE = /^\[Congressional Record Volume (\d+), Number (\d+) \(([^)]*)\)\]$/;
const CHAMBERS: Record<string, Chamber> = { senate: "senate", house: "house", "extensions of remarks": "house" };
const TRAILER = /^From the Congressional Record Online/;
/**
 * Marks the Record prints between lines, not part of what was said: a new page ("[[Page E1541]]", wherever the page
 * breaks, mid-sentence too) and the time in the House ("{time}  1015").
 */
const PRINT_MARK = /^\s*(?:\[\[Pages? [\w-]+\]\]|\{time\}\s+\d{3,4})\s*$/;
/** A new page's mark, and the last page of a range (`[[Pages H6111-H6112]]`, a page of a table printed whole). */
const PAGE_MARK = /^\s*\[\[Pages? ([HSED]?)(\d{1,6})(?:-\1?(\d{1,6}))?\]\]\s*$/;
/** A line going on with a sentence: its first letter is lower case. The Record opens paragraphs in capitals. */
const GOES_ON = /^\s*[a-z]/;
/** A rule between items ("______"): what follows it opens a paragraph. */
const RULE = /^\s*_{3,}\s*$/;

/**
 * Lines that end a speech: the clerk's and the Record's own words (votes, readings, agreements) and the rules between
 * items. What follows them belongs to no speaker until the next one speaks.
 */
const ENDS_SPEECH = new RegExp(
  [
    RULE.source,
    String.raw`^ {1,2}The (?:assistant )?(?:legislative|bill) clerk\b`,
    String.raw`^ {1,2}The Clerk (?:read|designated|called)\b`,
    "^ {1,2}There (?:being|was) no objection",
    String.raw`^ {1,2}The (?:motion|amendment|resolution|bill|preamble|nomination|joint resolution|concurrent resolution)\b.{0,80}\b(?:was|were) (?:agreed to|confirmed|passed|rejected|ordered)`,
    "^ {1,2}The (?:yeas and nays|result was announced|question was taken|vote was taken)",
    "^ {1,2}A recorded vote was ordered",
    String.raw`^\s*\[Roll(?:call)?(?: Vote)? No\. \d+`,
  ].join("|"),
);

/** A title line: capitals, digits and punctuation, no lower-case letter, not a rule of underscores. */
const TITLE_LINE = /^(?=.*[A-Z])[^a-z]+$/;

interface Header {
  date?: string;
  volume?: string;
  /** As the header prints them: `H6110`, `S8560-S8573`. */
  pages?: string;
  chamber?: Chamber;
  /** "Senate", "House", "Extensions of Remarks", "Daily Digest". */
  part?: string;
  /** Index of the first body line. */
  body: number;
}

function readHeader(lines: readonly string[]): Header {
  const header: Header = { body: 0 };
  for (let i = 0; i < Math.min(lines.length, 8); i++) {
    const line = (lines[i] as string).trim();
    const volume = VOLUME_LINE.exec(line);
    const pages = /^\[Pages? ([\w-]+)\]$/.exec(line);
    if (volume) {
      header.date = isoDateFromWords(volume[3] as string);
      header.volume = volume[1];
    } else if (pages) header.pages = pages[1];
    else if (/^\[(?:Senate|House|Extensions of Remarks|Daily Digest)\]$/.test(line)) {
      header.part = line.slice(1, -1);
      header.chamber = CHAMBERS[header.part.toLowerCase()];
    } else if (TRAILER.test(line)) {
      header.body = i + 1;
      break;
    } else if (line !== "") break;
    header.body = i + 1;
  }
  return header;
}

/** The page's title: the first run of lines in capitals after the header, as the Record prints headlines. */
export function readTitle(lines: readonly string[], from: number): { title?: string; next: number } {
  let i = from;
  while (i < lines.length && (lines[i] as string).trim() === "") i++;
  const parts: string[] = [];
  for (; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === "" || !TITLE_LINE.test(line) || /^[_=-]+$/.test(line)) break;
    parts.push(line);
  }
  return parts.length > 0 ? { title: parts.join(" ").replace(/\s+/g, " "), next: i } : { next: from };
}

/**
 * Appends the lines of a page's body as the Record prints them: each speech a `speaker` section headed by its speaker
 * as printed, paragraphs from the indentation and blank lines. Page and time marks are left out, and blank lines do not
 * end a paragraph where the text goes on in lower case (a page that breaks mid-sentence: "licensed in the doctor's
 * [[Page E1541]] state."), so a sentence reads and is searched whole; a page read from GPO's HTML and from the
 * scraper's JSON (which has no time marks, and no blank line after a rule) gives the same text. Returns the members
 * who spoke, by name and, when the heading says it, state (resolving them to ids is not the page's business: it gives
 * none).
 */
export function appendSpeeches(
  builder: TextBuilder,
  lines: readonly string[],
): { people: PersonMention[]; pageMarks: Map<string, number> } {
  const people = new Map<string, PersonMention>();
  const pageMarks = new Map<string, number>();
  let blank = false;
  let speech: SectionRef | null = null;
  for (const line of lines) {
    if (line.trim() === "" || PRINT_MARK.test(line)) {
      const page = PAGE_MARK.exec(line);
      if (page) {
        const first = Number(page[2]);
        const last = Math.min(Number(page[3] ?? first), first + 10);
        for (let n = first; n <= last; n++) pageMarks.set(`${page[1]}${n}`, builder.length);
      }
      blank = true;
      continue;
    }
    if (GOES_ON.test(line)) blank = false;
    const speaker = speakerLine(line);
    if (speech && !speaker && ENDS_SPEECH.test(line)) {
      builder.closeSection(speech);
      speech = null;
    }
    if (speaker) {
      const section = builder.openSection(1);
      section.speaker = true;
      speech = section;
      builder.append(speaker.heading);
      builder.endHeading(section);
      builder.append(line.slice(speaker.rest - 1));
      if (speaker.member && !people.has(speaker.member)) {
        const person: PersonMention = { name: speaker.member, role: "speaker" };
        if (speaker.state) person.state = speaker.state;
        people.set(speaker.member, person);
      }
    } else {
      // Paragraphs open indented; unindented lines continue the paragraph they wrap.
      if (/^\s/.test(line)) builder.requestBreak(blank ? 2 : 1);
      else if (blank) builder.requestBreak(2);
      else builder.space();
      builder.append(line);
    }
    blank = RULE.test(line);
  }
  return { people: [...people.values()], pageMarks };
}

/**
 * Parses one page of the Congressional Record as GPO publishes it in HTML (a `<pre>` block under a bracketed
 * header): its headline, then its speeches (see `appendSpeeches`).
 */
export function parseCrecHtml(source: string): GovDocument {
  const dom = parseHtmlDom(source);
  const pre = findFirst(dom.children, (e) => e.name === "pre");
  if (!pre) throw new AppError("unprocessable", "a Congressional Record page has no <pre> block");
  const lines = DomUtils.textContent(pre).replace(/\r\n?/g, "\n").split("\n");
  const header = readHeader(lines);
  if (!header.date) throw new AppError("unprocessable", "the page has no Congressional Record volume line");
  const { title, next } = readTitle(lines, header.body);
  const builder = new TextBuilder();
  if (title) {
    builder.append(title);
    builder.requestBreak(2);
  }
  const { people, pageMarks } = appendSpeeches(builder, lines.slice(next));
  const titleElement = findFirst(dom.children, (e) => e.name === "title");
  const parsed = builder.finish(title ?? (titleElement ? textOf([titleElement]) : undefined));
  const metadata = emptyMetadata("congressional-record");
  if (parsed.title) metadata.title = parsed.title;
  metadata.date = header.date;
  metadata.congress = congressOn(header.date);
  metadata.dateKind = "publication";
  if (header.chamber) metadata.chamber = header.chamber;
  metadata.people = people;
  // The page's own pages, so `151 Cong. Rec. H6110` finds it.
  metadata.citations = [
    ...extractCitations(parsed.text),
    ...recordPageCitations(header.volume, header.pages, pageStarts(parsed.text, pageMarks)),
  ];
  return { ...parsed, parser: "crec-html", metadata, sections: withPaths(parsed.sections) };
}

function accepts(sniff: Sniff): boolean {
  return sniff.format === "html" && /\[Congressional Record Volume \d+, Number \d+/.test(sniff.text);
}

export const crecHtmlParser: GovParser = {
  name: "crec-html",
  accepts,
  async parse(bytes) {
    return parseCrecHtml(decodeText(bytes));
  },
};
