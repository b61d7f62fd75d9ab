import { localName } from "../../dom";
import { publicLawId } from "../citations/laws";
import type { Sniff } from "../sniff";
import { emptyMetadata, type GovDocument, type GovDocumentType, type GovMetadata } from "../types";
import { walkBillText } from "./bill-text-walker";
import {
  addTitle,
  chamberFrom,
  congressFromWords,
  finishBillMetadata,
  isoDate,
  parseCitableAs,
  setBill,
  versionFrom,
} from "./common";
import { readPeople } from "./people";
import { citationsFromMarks, normaliseReference } from "./references";
import { attr, child, children, descendants, readXml, text, type XmlDoc } from "./xml-doc";

export const USLM1_NAMESPACE = "http://xml.house.gov/schemas/uslm/1.0";
export const USLM2_NAMESPACE = "http://schemas.gpo.gov/xml/uslm";

const DOCUMENT_TYPES: Record<string, GovDocumentType> = {
  bill: "bill",
  resolution: "resolution",
  plaw: "public-law",
  statutecompilation: "statute-compilation",
  engrossedamendment: "amendment",
  amendment: "amendment",
};

/** `House Bill` → `hr`, `Senate Joint Resolution` → `sjres`: the meta block's names for bill types. */
function typeFromName(name: string): string | undefined {
  const n = name.toLowerCase();
  const chamber = n.includes("house") ? "h" : n.includes("senate") ? "s" : "";
  if (!chamber) return undefined;
  if (n.includes("joint")) return `${chamber}jres`;
  if (n.includes("concurrent")) return `${chamber}conres`;
  if (n.includes("resolution")) return `${chamber}res`;
  return n.includes("bill") ? (chamber === "h" ? "hr" : "s") : undefined;
}

/** USLM 1.0 keeps its metadata as `<property role="…">`; USLM 2 as named elements. */
function property(meta: ReturnType<typeof child>, role: string): ReturnType<typeof child> {
  return children(meta, "property").find((p) => attr(p, "role") === role) ?? null;
}

function readIdentity(doc: XmlDoc, meta: GovMetadata): void {
  const m = child(doc.root, "meta", "amendmeta");
  const preface = child(doc.root, "preface", "amendpreface");
  const dcTitle = text(child(m, "title"));
  const citable = [
    ...children(m, "citableas").map(text),
    ...children(preface, "citableas").map(text),
    dcTitle.includes(":") ? dcTitle.slice(0, dcTitle.indexOf(":")) : "",
  ];
  const congress = text(child(m, "congress")) || attr(child(preface, "congress"), "value");
  // USLM 1.0 conversions state the number in `legis-num`; their compact citation is sometimes wrong (`116s14enr`
  // for S. Con. Res. 14), so only its congress and version are used.
  const legisNum = /^(.*?)\s*(\d+)$/.exec(text(property(m, "legis-num")));
  const compact = parseCitableAs([attr(property(m, "citableAs"), "value") ?? ""]);
  const cited = parseCitableAs(citable);
  if (legisNum) {
    const c = compact?.congress ?? cited?.congress ?? congressFromWords(text(property(m, "congress")));
    setBill(meta, { congress: c, type: legisNum[1], number: legisNum[2] });
  } else if (cited) {
    setBill(meta, { congress: cited.congress, type: cited.type, number: cited.number });
  } else if (meta.documentType === "bill" || meta.documentType === "resolution" || meta.documentType === "amendment") {
    const type = text(child(preface, "type")) || typeFromName(text(child(m, "type"))) || "";
    const number = text(child(m, "docnumber")) || text(child(preface, "docnumber"));
    setBill(meta, { congress, type, number });
  } else {
    setBill(meta, { congress });
  }
  const stage = text(child(m, "docstage")) || text(property(m, "docStage"));
  const code = compact?.version ?? cited?.version;
  meta.version = versionFrom(code) ?? versionFrom(stage);
  // A code GPO uses but the shared table lacks (`cdh`, Committee Discharged House) keeps the stage as its name.
  if (!meta.version && code && stage) meta.version = { code, name: stage };
  meta.chamber =
    chamberFrom(text(child(m, "currentchamber"))) ?? chamberFrom(attr(child(preface, "currentchamber"), "value"));
}

/** A public or private law names the bill it enacted in its long title's sidenote: `[H.J. Res. 37]`. */
function readLaw(doc: XmlDoc, meta: GovMetadata): void {
  const m = child(doc.root, "meta");
  const isPrivate = text(child(m, "publicprivate")) === "private";
  meta.version = isPrivate ? { code: "pvtl", name: "Private Law" } : { code: "publ", name: "Public Law" };
  if (!isPrivate) {
    const law =
      publicLawId(text(child(child(doc.root, "preface"), "docnumber"))) ??
      children(m, "citableas")
        .map((c) => publicLawId(text(c)))
        .find((id) => id !== null);
    if (law) meta.publicLaw = law;
  }
  const main = child(doc.root, "main");
  const enacted = descendants(child(main, "longtitle")?.children ?? [], ["ref"])
    .map((r) => normaliseReference(attr(r, "href") ?? ""))
    .find((r) => r?.kind === "bill");
  if (enacted) {
    const [congress, type, number] = enacted.target.slice("bill/".length).split("-");
    setBill(meta, { congress, type, number });
  }
  const approved = descendants(main?.children ?? [], ["actiondescription"]).map(text);
  const sidenote = descendants(child(main, "longtitle")?.children ?? [], ["p"]).map(text);
  meta.date = [...approved, ...sidenote].map(isoDate).find((d) => d !== undefined);
  if (meta.date) meta.dateKind = "enacted";
}

function readCompilation(doc: XmlDoc, meta: GovMetadata): void {
  const m = child(doc.root, "meta");
  addTitle(meta, "official", text(child(m, "title")));
  for (const short of children(m, "containsshorttitle")) addTitle(meta, "short", text(short));
  meta.date = isoDate(text(child(m, "approveddate")));
  if (meta.date) meta.dateKind = "enacted";
}

function readTitles(doc: XmlDoc, meta: GovMetadata): void {
  const m = child(doc.root, "meta", "amendmeta");
  const main = child(doc.root, "main", "amendmain");
  addTitle(meta, "official", text(child(child(main, "longtitle"), "officialtitle")));
  addTitle(meta, "official", text(property(m, "official-title")));
  if (meta.titles.length === 0) {
    const dcTitle = text(child(m, "title"));
    addTitle(meta, "official", dcTitle.includes(": ") ? dcTitle.slice(dcTitle.indexOf(": ") + 2) : dcTitle);
  }
}

/** Dates: the introduction for introduced versions, else the latest action the preface states. */
function readDate(doc: XmlDoc, meta: GovMetadata): void {
  const m = child(doc.root, "meta", "amendmeta");
  const preface = child(doc.root, "preface", "amendpreface");
  const dates = children(preface, "action")
    .map((a) => child(a, "date"))
    .map((d) => isoDate(attr(d, "date")) ?? isoDate(text(d)))
    .filter((d): d is string => d !== undefined);
  const actionProperty = property(m, "action");
  if (actionProperty) dates.push(...[isoDate(attr(actionProperty, "date"))].filter((d): d is string => !!d));
  const introduced = meta.version && /^i[hs]$/.test(meta.version.code);
  meta.date = (introduced ? dates[0] : dates.at(-1)) ?? isoDate(text(child(m, "date")));
}

/**
 * USLM 1.0 and 2.x bills, resolutions, engrossed amendments, public and private laws and statute compilations.
 * Throws `AppError("unprocessable")` for unreadable XML.
 */
export async function parseUslm(bytes: Uint8Array): Promise<GovDocument> {
  const doc = readXml(bytes);
  const documentType = DOCUMENT_TYPES[localName(doc.root)] ?? "bill";
  const meta = emptyMetadata(documentType);
  readIdentity(doc, meta);
  if (documentType === "public-law") readLaw(doc, meta);
  else if (documentType === "statute-compilation") readCompilation(doc, meta);
  else readDate(doc, meta);
  readTitles(doc, meta);
  const preface = child(doc.root, "preface", "amendpreface");
  const people = readPeople(preface?.children ?? []);
  meta.people = people.people;
  meta.committees = people.committees;
  const body = walkBillText(doc.root.children, ["shorttitle"]);
  for (const short of body.collected) addTitle(meta, "short", text(short));
  meta.citations = citationsFromMarks(body.references, body.text);
  finishBillMetadata(meta, body.text);
  return { parser: "uslm-xml", text: body.text, title: meta.title, sections: body.sections, metadata: meta };
}

export function acceptsUslm(sniff: Sniff): boolean {
  const ns = sniff.root?.namespace;
  const name = sniff.root?.localName.toLowerCase() ?? "";
  return (ns === USLM1_NAMESPACE || ns === USLM2_NAMESPACE) && name in DOCUMENT_TYPES;
}
