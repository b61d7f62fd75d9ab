import { DomUtils } from "htmlparser2";
import { AppError } from "../../../core/errors";
import { decodeText } from "../../decode";
import { type DomElement, isElement, localName, parseXmlDom, textOf, traverse } from "../../dom";
import { TextBuilder } from "../../text-builder";
import { billId, congressOn } from "../bill-id";
import { withPaths } from "../federal-register/section-paths";
import type { GovParser, Sniff } from "../sniff";
import { type Chamber, type Citation, emptyMetadata, type GovDocument, type PersonMention } from "../types";

/** An attribute whatever its case: GPO writes `bioGuideId` in some files and `bioguideid` in others. */
function attr(element: DomElement, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(element.attribs)) {
    if (key.toLowerCase() === wanted && value.trim() !== "") return value.trim();
  }
  return undefined;
}

function children(element: DomElement, name: string): DomElement[] {
  return element.children.filter((c): c is DomElement => isElement(c) && localName(c) === name);
}

function childText(element: DomElement, name: string): string | undefined {
  const child = children(element, name)[0];
  const text = child ? textOf(child.children) : "";
  return text === "" ? undefined : text;
}

const CHAMBERS: Record<string, Chamber> = { h: "house", house: "house", s: "senate", senate: "senate" };

function person(member: DomElement): PersonMention {
  const names = children(member, "name");
  const named = (type: string) => {
    const element = names.find((n) => attr(n, "type") === type);
    return element ? textOf(element.children) : "";
  };
  const role = attr(member, "role")?.toUpperCase();
  const mention: PersonMention = {
    name: named("authority-fnf") || named("parsed") || textOf(member.children),
    role: role === "SPEAKING" ? "speaker" : "member",
  };
  const bioguide = attr(member, "bioGuideId");
  if (bioguide) mention.bioguideId = bioguide;
  const party = attr(member, "party");
  if (party) mention.party = party;
  const state = attr(member, "state");
  if (state && /^[A-Z]{2}$/.test(state)) mention.state = state;
  const chamber = CHAMBERS[attr(member, "chamber")?.toLowerCase() ?? ""];
  if (chamber) mention.chamber = chamber;
  return mention;
}

function citation(element: DomElement): Citation[] {
  const name = localName(element);
  if (name === "uscode") {
    const title = attr(element, "title");
    return children(element, "section").flatMap((s) => {
      const section = attr(s, "number");
      return title && section
        ? [{ kind: "usc", target: `usc/${title}/${section}`, text: `${title} U.S.C. ${section}` }]
        : [];
    });
  }
  if (name === "law") {
    const congress = attr(element, "congress");
    const number = attr(element, "number");
    if (!congress || !number || attr(element, "isPrivate") === "true") return [];
    return [{ kind: "public-law", target: `pl/${congress}/${number}`, text: `Public Law ${congress}-${number}` }];
  }
  const volume = attr(element, "volume");
  return children(element, "pages").flatMap((p) => {
    const page = attr(p, "pages");
    return volume && page
      ? [{ kind: "statute", target: `stat/${volume}/${page}`, text: `${volume} Stat. ${page}` }]
      : [];
  });
}

/**
 * Parses GPO's metadata for the Congressional Record: the MODS record of an issue or of one granule, or the METS
 * package map. Members come from `congMember` entries with their bioguide ids; bills, laws, U.S. Code sections
 * and Statutes at Large from the granules' references. The text lists the granules, one section each.
 */
export function parseCrecMetadata(source: string): GovDocument {
  const dom = parseXmlDom(source);
  const root = dom.children.find(isElement);
  if (!root || (localName(root) !== "mods" && localName(root) !== "mets")) {
    throw new AppError("unprocessable", "not a MODS or METS record");
  }
  const metadata = emptyMetadata("congressional-record");
  metadata.dateKind = "publication";
  const people = new Map<string, PersonMention>();
  const bills = new Set<string>();
  const citations = new Map<string, Citation>();
  const chambers = new Set<Chamber>();
  const builder = new TextBuilder();
  traverse<true>(dom.children, true, {
    enter(node) {
      if (!isElement(node)) return null;
      const name = localName(node);
      if (name === "congmember") {
        const mention = person(node);
        const key = `${mention.bioguideId ?? mention.name}|${mention.role}`;
        if (!people.has(key)) people.set(key, mention);
        return null;
      }
      if (name === "bill") {
        const congress = attr(node, "congress");
        const id = congress && billId(congress, attr(node, "type") ?? "", attr(node, "number") ?? "");
        if (id) bills.add(id);
        return null;
      }
      if (name === "uscode" || name === "law" || name === "statuteatlarge") {
        for (const c of citation(node)) citations.set(c.target, c);
        return null;
      }
      if (name === "chamber" && node.parent && isElement(node.parent) && localName(node.parent) === "extension") {
        const chamber = CHAMBERS[textOf(node.children).toLowerCase()];
        if (chamber) chambers.add(chamber);
      }
      if (name === "relateditem" && attr(node, "type") === "constituent") appendGranule(builder, node);
      return true;
    },
  });
  const title = issueTitle(root);
  const parsed = builder.finish(title);
  if (parsed.title) metadata.title = parsed.title;
  const date = issueDate(root);
  if (date) {
    metadata.date = date;
    metadata.congress = congressOn(date);
  }
  if (chambers.size === 1) metadata.chamber = [...chambers][0];
  metadata.people = [...people.values()];
  metadata.relatedBills = [...bills];
  metadata.citations = [...citations.values()];
  const text = parsed.text === "" && parsed.title ? parsed.title : parsed.text;
  return { ...parsed, text, parser: `crec-${localName(root)}-xml`, metadata, sections: withPaths(parsed.sections) };
}

function appendGranule(builder: TextBuilder, item: DomElement): void {
  const info = children(item, "titleinfo")[0];
  const title = info && childText(info, "title");
  if (!title) return;
  const section = builder.openSection(1);
  builder.append(title);
  builder.endHeading(section);
  const part = info && childText(info, "partname");
  if (part) {
    builder.requestBreak(1);
    builder.append(part);
  }
  const speakers = DomUtils.getElementsByTagName("congMember", item, true)
    .map((m) => person(m))
    .filter((m) => m.role === "speaker")
    .map((m) => m.name);
  if (speakers.length > 0) {
    builder.requestBreak(1);
    builder.append(`Speakers: ${[...new Set(speakers)].join(", ")}`);
  }
}

function issueTitle(root: DomElement): string | undefined {
  if (localName(root) === "mets") return attr(root, "LABEL");
  const info = children(root, "titleinfo")[0];
  if (!info) return undefined;
  const title = childText(info, "title");
  const part = childText(info, "partnumber");
  return title && part ? `${title}, ${part}` : title;
}

function issueDate(root: DomElement): string | undefined {
  if (localName(root) === "mets") return /(\d{4}-\d{2}-\d{2})/.exec(attr(root, "OBJID") ?? "")?.[1];
  const origin = children(root, "origininfo")[0];
  const issued = origin && childText(origin, "dateissued");
  if (issued && /^\d{4}-\d{2}-\d{2}$/.test(issued)) return issued;
  const extension = children(root, "extension").find((e) => childText(e, "granuledate"));
  return extension && childText(extension, "granuledate");
}

function isCrec(sniff: Sniff): boolean {
  const root = sniff.root;
  if (!root || sniff.format !== "xml") return false;
  if (root.localName === "mods") return /<collectionCode>\s*CREC\s*<\/collectionCode>/.test(sniff.text);
  return root.localName === "mets" && /^CREC-/.test(root.attributes.OBJID ?? "");
}

export const crecModsParser: GovParser = {
  name: "crec-mods-xml",
  accepts: (sniff) => isCrec(sniff) && sniff.root?.localName === "mods",
  async parse(bytes) {
    return parseCrecMetadata(decodeText(bytes));
  },
};

export const crecMetsParser: GovParser = {
  name: "crec-mets-xml",
  accepts: (sniff) => isCrec(sniff) && sniff.root?.localName === "mets",
  async parse(bytes) {
    return parseCrecMetadata(decodeText(bytes));
  },
};
