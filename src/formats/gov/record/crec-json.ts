import { z } from "zod";
import { AppError, errorMessage } from "../../../core/errors";
import { decodeText } from "../../decode";
import { TextBuilder } from "../../text-builder";
import { billId, congressOn } from "../bill-id";
import { extractCitations, pageStarts, recordPageCitations } from "../citations";
import { isoDateFromWords } from "../dates";
import { withPaths } from "../federal-register/section-paths";
import type { GovParser, Sniff } from "../sniff";
import { emptyMetadata, type GovDocument } from "../types";
import { appendSpeeches, readTitle } from "./crec-html";

const text = z.string().nullish();
const PageSchema = z.object({
  id: text,
  title: text,
  doc_title: text,
  header: z.object({
    chamber: text,
    extension: z.boolean().nullish(),
    year: z.coerce.string().nullish(),
    month: text,
    day: z.coerce.string().nullish(),
    wkday: text,
    vol: z.coerce.string().nullish(),
    num: z.coerce.string().nullish(),
    pages: text,
  }),
  content: z.array(
    z.object({
      kind: text,
      text: z.string(),
      speaker: text,
      speaker_bioguide: text,
    }),
  ),
  related_bills: z
    .array(z.object({ congress: z.coerce.string(), type: z.string(), number: z.coerce.string() }))
    .nullish(),
});

/** Lines of the page among which a headline printed below its first lines is looked for. */
const PRINTED_TITLE_LINES = 12;

/** A title as the scraper states it, whitespace collapsed; none for an empty one or Python's "None". */
function statedTitle(value: string | null | undefined): string | undefined {
  const title = value?.replace(/\s+/g, " ").trim();
  return title && title !== "None" ? title : undefined;
}

/**
 * One page of the Congressional Record as the unitedstates/congressional-record scraper writes it: the page's lines
 * in `content` items (`speech`, `title`, `recorder`, `linebreak`…), its headline, a `header` with the date and the
 * chamber, the speakers' bioguide ids and the bills it names. Read as GPO's HTML page is (see `appendSpeeches`), so
 * both give the same text and sections; this one also gives the ids and the bills.
 */
export function parseCrecJson(source: string): GovDocument {
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (error) {
    throw new AppError("unprocessable", `the Congressional Record page is not valid JSON: ${errorMessage(error)}`);
  }
  const parsed = PageSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join(".") || "the page";
    throw new AppError(
      "unprocessable",
      `not a Congressional Record page as the scraper writes it: ${where}: ${issue?.message}`,
    );
  }
  const page = parsed.data;
  const { header } = page;
  const date = isoDateFromWords(`${header.month ?? ""} ${header.day ?? ""}, ${header.year ?? ""}`);
  if (!date) throw new AppError("unprocessable", "the Congressional Record page's header has no valid date");
  // An item ending in a line break is followed by a blank line on the page.
  const lines = page.content.flatMap((item) => item.text.replace(/\r\n?/g, "\n").split("\n"));
  // Some pages repeat their headline as their first lines, whole where the scraper's title cuts it ("…; H...");
  // others print it a few lines down ("House of Representatives" under a rule), or in lower case ("prayer").
  const stated = statedTitle(page.title) ?? statedTitle(page.doc_title);
  const first = readTitle(lines, 0);
  const repeated =
    first.title !== undefined &&
    (first.title === stated || (stated?.endsWith("...") && first.title.startsWith(stated.slice(0, -3))));
  const printed = lines.slice(0, PRINTED_TITLE_LINES).some((line) => line.replace(/\s+/g, " ").trim() === stated);

  const headline = repeated ? first.title : stated;
  const builder = new TextBuilder();
  if (headline && (repeated || !printed)) {
    builder.append(headline);
    builder.requestBreak(2);
  }
  const { people, pageMarks } = appendSpeeches(builder, repeated ? lines.slice(first.next) : lines);
  // Without a headline, the page is named as GPO's HTML page names it in its <title>.
  const { vol, num, wkday, month, day, year } = header;
  const title =
    headline ??
    (vol && num && wkday
      ? `Congressional Record, Volume ${vol} Issue ${num} (${wkday}, ${month} ${day}, ${year})`
      : undefined);
  const ids = new Map(
    page.content.flatMap((c) => (c.speaker && c.speaker_bioguide ? [[c.speaker, c.speaker_bioguide]] : [])),
  );
  for (const person of people) {
    const id = ids.get(person.name);
    if (id && /^[A-Z]\d{6}$/.test(id)) person.bioguideId = id;
  }
  const doc = builder.finish(title);
  const metadata = emptyMetadata("congressional-record");
  if (title) metadata.title = title;
  metadata.date = date;
  metadata.congress = congressOn(date);
  metadata.dateKind = "publication";
  const chamber = header.chamber?.toLowerCase();
  if (chamber === "house" || chamber === "senate") metadata.chamber = chamber;
  metadata.people = people;
  metadata.citations = [
    ...extractCitations(doc.text),
    ...recordPageCitations(header.vol ?? undefined, header.pages ?? undefined, pageStarts(doc.text, pageMarks)),
  ];
  const bills = (page.related_bills ?? []).map((b) => billId(b.congress, b.type, b.number));
  metadata.relatedBills = [...new Set(bills.filter((b): b is string => b !== null))];
  return { ...doc, parser: "crec-json", metadata, sections: withPaths(doc.sections) };
}

/** The scraper's items name their speaker's bioguide id; its header has the `extension` flag GPO's pages lack. */
function accepts(sniff: Sniff): boolean {
  if (sniff.format === "pdf" || !/^\s*\{/.test(sniff.text)) return false;
  return /"speaker_bioguide"\s*:/.test(sniff.text) || /"header"\s*:\s*\{[^{}]*"extension"\s*:/.test(sniff.text);
}

export const crecJsonParser: GovParser = {
  name: "crec-json",
  accepts,
  async parse(bytes) {
    return parseCrecJson(decodeText(bytes));
  },
};
