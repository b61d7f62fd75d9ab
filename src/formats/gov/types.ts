import type { ParsedDocument, Section } from "../types";

/**
 * Government documents as structured records. Every format-specific parser turns bytes into one or more
 * `GovDocument`s: the text and sections every document has (so search, chunking and highlighting work the same for
 * all), plus the metadata its markup states. Parsers only report what the document says; resolving people against
 * the legislators data and linking documents of one bill happen later, in core.
 */
export const GOV_DOCUMENT_TYPES = [
  "bill",
  "resolution",
  "public-law",
  "statute-compilation",
  "amendment",
  "bill-status",
  "bill-mods",
  "congressional-record",
  "federal-register-issue",
  "rule",
  "proposed-rule",
  "notice",
  "presidential-document",
  "roll-call-vote",
  "statement-of-administration-policy",
  "hearing",
] as const;
export type GovDocumentType = (typeof GOV_DOCUMENT_TYPES)[number];

/** What a document's `date` means: each type states it. */
export type DateKind = "introduced" | "action" | "publication" | "vote" | "enacted" | "hearing";

export type Chamber = "house" | "senate";

export type PersonRole = "sponsor" | "cosponsor" | "speaker" | "voter" | "witness" | "member";

/** A person as the document names them; ids only when the document's own markup gives them. */
export interface PersonMention {
  /** Empty when the document identifies the person only by an id (GovTrack bill XML gives no names). */
  name: string;
  role: PersonRole;
  bioguideId?: string;
  lisId?: string;
  /** GovTrack's numeric person id, as digits (`400652`). */
  govtrackId?: string;
  /** The Library of Congress THOMAS member id, five digits with leading zeros (`01802`). */
  thomasId?: string;
  party?: string;
  /** Two-letter postal code. */
  state?: string;
  district?: string;
  /** For voters: "Yea", "Nay", "Present", "Not Voting" (as the chamber spells it, normalised to these four). */
  position?: string;
  /** For cosponsors: when they joined, and whether they withdrew. */
  date?: string;
  withdrawn?: boolean;
  /** For cosponsors: an original cosponsor. */
  original?: boolean;
  /** The chamber they sat in, where a document naming members of both says (an issue's MODS record of the Record). */
  chamber?: Chamber;
}

export type CitationKind =
  | "usc"
  | "public-law"
  | "statute"
  | "bill"
  | "cfr"
  | "federal-register"
  | "congressional-record";

/**
 * A reference to law, regulation or a bill. `target` is normalised so equal references compare equal:
 * `usc/42/1395` (title/section), `pl/116/136`, `stat/134/281`, `bill/116-hr-2000`, `cfr/40/52` (title/part),
 * `cfr/40/52.21` (title/part.section), `fr/88/52262` (Federal Register volume/page) and `crec/151/h6110`
 * (Congressional Record volume/page).
 */
export interface Citation {
  kind: CitationKind;
  target: string;
  /** The text as written ("section 1395 of title 42", "42 U.S.C. 1395"). */
  text: string;
  /** Offsets into the document text when the citation is found in it. */
  start?: number;
  end?: number;
}

export interface TitleEntry {
  type: "official" | "short" | "display" | "popular";
  text: string;
  /** The version or chamber action this title belongs to, when the source says so. */
  as?: string;
}

export interface BillAction {
  date: string;
  text: string;
  chamber?: Chamber;
  /** The source's action code or type, if any. */
  code?: string;
}

export interface Committee {
  name: string;
  /** The system code (e.g. `hsif00`), when given. */
  code?: string;
  chamber?: Chamber;
}

export interface CrsSummary {
  text: string;
  date?: string;
  /** The version or action the summary describes ("Introduced in House"). */
  description?: string;
}

export interface VoteRecord {
  congress: number;
  session?: number;
  chamber: Chamber;
  rollNumber: number;
  question?: string;
  result?: string;
  counts: { yea: number; nay: number; present: number; notVoting: number };
}

/** A section with its place in the document's structure. */
export interface StructuredSection extends Section {
  /** The USLM identifier when the markup gives one (`/us/bill/116/hr/2000/s2/a`). */
  identifier?: string;
  /** The heading path from the outermost section: `Sec. 2 > (a) > (1)`. */
  path: string;
}

export interface GovMetadata {
  documentType: GovDocumentType;
  /** `{congress}-{type}-{number}`, lower case: `116-hr-2000`, `117-sconres-7`. */
  billId?: string;
  congress?: number;
  billType?: string;
  billNumber?: number;
  /** GPO version code and name: `ih` / "Introduced in House". */
  version?: { code: string; name: string };
  title?: string;
  titles: TitleEntry[];
  /** ISO date (YYYY-MM-DD). */
  date?: string;
  dateKind?: DateKind;
  chamber?: Chamber;
  people: PersonMention[];
  committees: Committee[];
  actions: BillAction[];
  subjects: string[];
  policyArea?: string;
  summaries: CrsSummary[];
  citations: Citation[];
  /** Other bills the document names as related (ids as `billId`). */
  relatedBills: string[];
  vote?: VoteRecord;
  /** The issuing agency of a Federal Register document, as printed ("DEPARTMENT OF TRANSPORTATION"). */
  agency?: string;
  /** The publisher's number for the document: a Federal Register document number (`2024-02934`). */
  documentNumber?: string;
  /**
   * `{congress}-{number}` (`116-136`): the public law this document is, or the one the bill became, as the document
   * states it. Private laws are not public laws and leave it unset.
   */
  publicLaw?: string;
}

export interface GovDocument extends ParsedDocument {
  /** The parser that read it: `uslm-xml`, `billstatus-xml`, `fr-daily-xml`… */
  parser: string;
  metadata: GovMetadata;
  sections: StructuredSection[];
  /** Documents contained in this one (the rules and notices of a Federal Register issue), each complete. */
  children?: GovDocument[];
}

/** An empty metadata record of a type, for parsers to fill. */
export function emptyMetadata(documentType: GovDocumentType): GovMetadata {
  return {
    documentType,
    titles: [],
    people: [],
    committees: [],
    actions: [],
    subjects: [],
    summaries: [],
    citations: [],
    relatedBills: [],
  };
}
