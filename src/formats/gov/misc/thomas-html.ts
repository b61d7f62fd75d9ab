import { AppError } from "../../../core/errors";
import { declaredCharset, decodeText } from "../../decode";
import { parseHtmlDom, textOf } from "../../dom";
import { billId, normaliseBillType } from "../bill-id";
import { publicLawCitation, publicLawId } from "../citations/laws";
import type { GovParser } from "../sniff";
import { billRecordBlocks } from "../status/bill-record-text";
import { chamberOf } from "../status/billstatus-fields";
import { htmlToPlainText } from "../status/nav";
import { renderBlocks } from "../status/render";
import { emptyMetadata, type GovDocument, type PersonMention, type TitleEntry } from "../types";
import { thomasBillId, usDate } from "./legacy-codes";

/**
 * Reads a THOMAS "Bill Summary & Status — All Information" page (Library of Congress, 1995–2014): bill id, titles,
 * sponsor and cosponsors (names, state, district, dates, withdrawals), committees, actions, the public law it became,
 * related bills and the CRS summary. THOMAS pages carry no bioguide ids; their member links end with the THOMAS
 * member id, kept as `thomasId`. The markup is flat tag soup, so each part is cut from its anchored region
 * (`<a name="cosponsors">` up to the next `<hr>`) and read with patterns over that region only.
 */
export function parseThomasHtml(bytes: Uint8Array): GovDocument {
  if (bytes.length === 0) throw new AppError("unprocessable", "the document is empty");
  const html = decodeText(bytes, { declaredCharset: declaredCharset(bytes) });
  const ident = /legislation\.(\d{1,3})([a-z]+)(\d{1,5})/.exec(html);
  const id = ident ? billId(ident[1] as string, ident[2] as string, ident[3] as string) : null;
  if (!ident || !id) throw new AppError("unprocessable", "the THOMAS page does not identify its bill");
  const metadata = emptyMetadata("bill-status");
  metadata.billId = id;
  metadata.congress = Number(ident[1]);
  metadata.billType = normaliseBillType(ident[2] as string) ?? undefined;
  metadata.billNumber = Number(ident[3]);
  const title = plain(/<b>Latest Title:<\/b>([^<]*)/.exec(html)?.[1]);
  if (title) metadata.title = title;
  const date = /<meta name="dc\.date" content="(\d{4}-\d{2}-\d{2})"/.exec(html)?.[1];
  if (date) {
    metadata.date = date;
    metadata.dateKind = "introduced";
  }
  metadata.chamber = metadata.billType?.startsWith("h") ? "house" : "senate";
  metadata.titles = readTitles(region(html, "titles"));
  const sponsor = /<b>Sponsor: <\/b>(<a [^>]*>[^<]*<\/a>\s*\[[^\]]*\])/.exec(html)?.[1];
  const people = sponsor ? readPeople(sponsor, "sponsor") : [];
  metadata.people = people.concat(readPeople(region(html, "cosponsors"), "cosponsor"));
  for (const match of region(html, "committees").matchAll(/FLD005:[^"]*">([^<]+)<\/a>/g)) {
    const name = plain(match[1]);
    const chamber = chamberOf(name);
    if (name) metadata.committees.push(chamber ? { name, chamber } : { name });
  }
  for (const match of region(html, "status").matchAll(
    /<dt><strong>([\d/]+)[^<]*<\/strong><dd>([\s\S]*?)(?=<dt>|<\/dl>|$)/g,
  )) {
    const actionDate = usDate(match[1]);
    const text = plain(match[2]);
    if (actionDate && text) metadata.actions.push({ date: actionDate, text });
  }
  // "Became Public Law No: 112-96." (a private law says "Private Law" and is not one).
  const became = metadata.actions.map((a) => /^Became Public Law No:\s*([\d\s\u2010-\u2013-]+)/.exec(a.text)?.[1]);
  const law = publicLawId(became.find((number) => number !== undefined));
  if (law) {
    metadata.publicLaw = law;
    metadata.citations.push(publicLawCitation(law));
  }
  const related = new Set<string>();
  for (const match of region(html, "rel-bill-detail").matchAll(/z\?d(\d+):([A-Z]{2})(\d+):/g)) {
    const relatedId = thomasBillId(match[1] as string, match[2] as string, match[3] as string);
    if (relatedId && relatedId !== id) related.add(relatedId);
  }
  metadata.relatedBills = [...related];
  metadata.subjects = [...html.matchAll(/<meta name="dc\.subject" content="([^"]*)"/g)]
    .map((m) => plain(m[1]))
    .filter((s): s is string => s !== undefined);
  const summaryHtml = region(html, "summary");
  const head = /<br\s*\/?>\s*(\d{1,2}\/\d{1,2}\/\d{4})--([^<]*?)\.(?:&nbsp;|\s|<)/.exec(summaryHtml);
  const bodyStart = summaryHtml.indexOf("<p>", head?.index ?? 0);
  const summary = bodyStart >= 0 ? htmlToPlainText(summaryHtml.slice(bodyStart)) : undefined;
  if (summary) {
    const summaryDate = usDate(head?.[1]);
    const description = head?.[2]?.trim();
    metadata.summaries.push({
      text: summary,
      ...(summaryDate ? { date: summaryDate } : {}),
      ...(description ? { description } : {}),
    });
  }
  const rendered = renderBlocks(title, billRecordBlocks(metadata));
  return { parser: "thomas-html", text: rendered.text, title, sections: rendered.sections, metadata };
}

/** The markup from an anchor `<a name="…">` up to the next horizontal rule. */
function region(html: string, anchor: string): string {
  const start = html.search(new RegExp(`<a name=["']${anchor}["']`));
  if (start < 0) return "";
  const end = html.indexOf("<hr", start);
  return html.slice(start, end < 0 ? html.length : end);
}

/** Markup to one line of text. */
function plain(markup: string | undefined): string | undefined {
  if (markup === undefined) return undefined;
  const text = textOf(parseHtmlDom(markup).children);
  return text === "" ? undefined : text;
}

const TITLE_KINDS: [RegExp, TitleEntry["type"]][] = [
  [/^POPULAR/, "popular"],
  [/^SHORT/, "short"],
  [/^OFFICIAL/, "official"],
];

const SMALL_WORDS = new Set(["to", "by", "in", "and", "of", "the", "from", "for"]);

function readTitles(markup: string): TitleEntry[] {
  const titles: TitleEntry[] = [];
  for (const part of markup.split(/<li>/).slice(1)) {
    const kind = /^([A-Z() ]+):/.exec(part)?.[1] ?? "";
    const type = TITLE_KINDS.find(([pattern]) => pattern.test(kind))?.[1];
    if (!type) continue;
    const as = / AS (.+)$/
      .exec(kind)?.[1]
      ?.toLowerCase()
      .replace(/\b[a-z]+/g, (word) => (SMALL_WORDS.has(word) ? word : word.charAt(0).toUpperCase() + word.slice(1)));
    for (const line of part.slice(kind.length + 1).split(/<br\s*\/?>/i)) {
      const text = plain(line)?.replace(/\s*\(identified by [^)]*\)$/, "");
      if (text) titles.push(as ? { type, text, as } : { type, text });
    }
  }
  return titles;
}

function readPeople(markup: string, role: "sponsor" | "cosponsor"): PersonMention[] {
  const people: PersonMention[] = [];
  const pattern =
    /<a ([^>]*)>([^<]+)<\/a>\s*\[([A-Z]{2})(?:-(\d+))?\](?:\s*-\s*([\d/]+))?(?:\s*\(withdrawn - ([\d/]+)\))?/g;
  for (const match of markup.matchAll(pattern)) {
    const name = plain(match[2]);
    if (!name) continue;
    const person: PersonMention = { name, role, state: match[3] as string };
    if (match[4]) person.district = match[4];
    // The member query link ends with the THOMAS member id: `@FIELD(FLD003+@4((@1(Rep+Poe++Ted))+01802))`.
    const thomasId = /\)\+(\d{1,5})\)\)/.exec(match[1] as string)?.[1];
    if (thomasId) person.thomasId = thomasId.padStart(5, "0");
    if (role === "cosponsor") {
      const joined = usDate(match[5]);
      if (joined) person.date = joined;
      person.withdrawn = match[6] !== undefined;
    }
    people.push(person);
  }
  return people;
}

export const thomasHtmlParser: GovParser = {
  name: "thomas-html",
  accepts: (sniff) =>
    sniff.format === "html" &&
    sniff.text.includes("loc.uscongress/legislation.") &&
    /Bill Summary &(?:amp;)? Status/.test(sniff.text),
  parse: async (bytes) => parseThomasHtml(bytes),
};
