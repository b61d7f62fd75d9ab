import { AppError } from "../../../core/errors";
import { decodeText } from "../../decode";
import { type DomElement, isElement, parseXmlDom, textOf, traverse } from "../../dom";
import { TextBuilder } from "../../text-builder";
import { extractCitations, federalRegisterCfrCitations, ownPage, pageStart, pageStarts } from "../citations";
import { isoDateFromWords } from "../dates";
import type { GovParser } from "../sniff";
import { type Citation, emptyMetadata, type GovDocument, type GovDocumentType } from "../types";
import { federalRegisterText, printedPageNumber } from "./fr-text";
import { withPaths } from "./section-paths";

/** The documents an issue is made of, by element. */
const DOCUMENT_TYPES: Record<string, GovDocumentType> = {
  RULE: "rule",
  PRORULE: "proposed-rule",
  NOTICE: "notice",
  PRESDOCU: "presidential-document",
};

interface Issue {
  volume?: string;
  number?: string;
  date?: string;
}

function firstChild(element: DomElement, name: string): DomElement | undefined {
  return element.children.find((c): c is DomElement => isElement(c) && c.name === name);
}

/** The first element of a name under `element`, in document order. */
function firstBelow(element: DomElement, name: string): DomElement | undefined {
  let found: DomElement | undefined;
  traverse<true>([element], true, {
    enter(node) {
      if (found || !isElement(node)) return null;
      if (node.name === name && node !== element) found = node;
      return found ? null : true;
    },
  });
  return found;
}

/** A rule or notice: its subject; a presidential document: its heading ("National … Week, 2024"). */
function documentTitle(element: DomElement): string | undefined {
  const preamble = firstChild(element, "PREAMB");
  const subject = preamble ? firstChild(preamble, "SUBJECT") : undefined;
  const heading = subject ?? firstBelow(element, "SUBJECT") ?? firstBelow(element, "HD");
  const text = heading ? textOf(heading.children) : "";
  return text === "" ? undefined : text;
}

/**
 * The printed pages a document covers: the page the issue was on when the document began (`current`), unless a new
 * page starts before any of its text or its first page does not follow it (a presidential document printed at the
 * front of the issue comes last in it), then every page that starts within it.
 */
function printedPages(element: DomElement, current: number | undefined): number[] {
  const pages: number[] = [];
  let text = false;
  let begins = current;
  traverse<true>(element.children, true, {
    enter(node) {
      if (!isElement(node)) {
        if (!text && "data" in node && typeof node.data === "string" && node.data.trim() !== "") text = true;
        return null;
      }
      if (node.name !== "PRTPAGE") return true;
      const page = printedPageNumber(node);
      if (page === undefined) return null;
      if (!text && pages.length === 0) begins = undefined;
      pages.push(page);
      return null;
    },
  });
  const follows = pages.length === 0 || pages[0] === (begins ?? 0) + 1;
  return begins === undefined || !follows ? pages : [begins, ...pages];
}

function parseDocument(element: DomElement, type: GovDocumentType, issue: Issue, pages: number[]): GovDocument {
  const pageMarks = new Map<number, number>();
  const parsed = federalRegisterText(element, pageMarks).finish(documentTitle(element));
  const metadata = emptyMetadata(type);
  if (parsed.title) {
    metadata.title = parsed.title;
    metadata.titles.push({ type: "official", text: parsed.title });
  }
  if (issue.date) {
    metadata.date = issue.date;
    metadata.dateKind = "publication";
  }
  // Prose citations carry offsets; the regulatory-text markup adds the CFR parts and sections it amends.
  const prose = extractCitations(parsed.text);
  const cited = new Set(prose.map((c) => c.target));
  // The document's own pages, so `89 FR 9745` finds the rule printed there, at the passage where that page begins
  // (the first page, unless its mark is in the document, with its text).
  const volume = Number(issue.volume);
  const starts = pageStarts(parsed.text, pageMarks);
  const own: Citation[] =
    Number.isInteger(volume) && volume > 0
      ? pages.map((page, i) =>
          ownPage(
            { kind: "federal-register", target: `fr/${volume}/${page}`, text: `${volume} FR ${page}` },
            starts.get(page) ?? (i === 0 ? pageStart(parsed.text, 0) : undefined),
          ),
        )
      : [];
  metadata.citations = [...prose, ...federalRegisterCfrCitations(element).filter((c) => !cited.has(c.target)), ...own];
  const agency = firstBelow(element, "AGENCY");
  const agencyName = agency ? textOf(agency.children) : "";
  if (agencyName) metadata.agency = agencyName;
  metadata.documentNumber = frDocumentNumber(element);
  return { ...parsed, parser: "fr-daily-xml", metadata, sections: withPaths(parsed.sections) };
}

/** "2024-02934" from `<FRDOC>[FR Doc. 2024-02934 Filed …]</FRDOC>`. */
export function frDocumentNumber(element: DomElement): string | undefined {
  const frdoc = firstBelow(element, "FRDOC");
  return frdoc ? /FR Doc\.?\s*([\w-]+)/.exec(textOf(frdoc.children))?.[1] : undefined;
}

/**
 * Parses a daily issue of the Federal Register (`<FEDREG>`): the issue, whose text is its table of contents, and as
 * its children one complete document per rule, proposed rule, notice and presidential document, in the issue's
 * order. Each child's text opens with its issuing agency, as printed; its date is the issue's publication date.
 */
export function parseFederalRegisterIssue(source: string): GovDocument {
  const dom = parseXmlDom(source);
  const root = dom.children.find(isElement);
  if (root?.name !== "FEDREG") throw new AppError("unprocessable", "not a Federal Register issue (<FEDREG>)");
  const value = (name: string) => {
    const element = firstChild(root, name);
    const text = element ? textOf(element.children) : "";
    return text === "" ? undefined : text;
  };
  const issue: Issue = { volume: value("VOL"), number: value("NO") };
  const dateText = value("DATE");
  if (dateText) issue.date = isoDateFromWords(dateText);
  const children: GovDocument[] = [];
  const toc = new TextBuilder();
  let unit: string | undefined;
  let page: number | undefined;
  traverse<true>(root.children, true, {
    enter(node) {
      if (!isElement(node) || node.name === "CNTNTS") return null;
      if (node.name === "PRTPAGE") {
        page = printedPageNumber(node) ?? page;
        return null;
      }
      if (node.name === "UNITNAME") {
        unit = textOf(node.children);
        return null;
      }
      const type = DOCUMENT_TYPES[node.name];
      if (!type) return true;
      if (unit) {
        const section = toc.openSection(1);
        toc.append(unit);
        toc.endHeading(section);
        unit = undefined;
      }
      const pages = printedPages(node, page);
      page = pages.at(-1) ?? page;
      const child = parseDocument(node, type, issue, pages);
      children.push(child);
      toc.requestBreak(1);
      const number = frDocumentNumber(node);
      toc.append(`${child.metadata.title ?? "(untitled)"}${number ? ` (FR Doc. ${number})` : ""}`);
      return null;
    },
  });
  const title =
    issue.volume && issue.number ? `Federal Register Volume ${issue.volume}, Number ${issue.number}` : undefined;
  const parsed = toc.finish(title);
  const metadata = emptyMetadata("federal-register-issue");
  if (title) {
    metadata.title = title;
    metadata.titles.push({ type: "official", text: title });
  }
  if (issue.date) {
    metadata.date = issue.date;
    metadata.dateKind = "publication";
  }
  return { ...parsed, parser: "fr-daily-xml", metadata, sections: withPaths(parsed.sections), children };
}

export const federalRegisterParser: GovParser = {
  name: "fr-daily-xml",
  accepts: (sniff) => sniff.format === "xml" && sniff.root?.name === "FEDREG",
  async parse(bytes) {
    return parseFederalRegisterIssue(decodeText(bytes));
  },
};
