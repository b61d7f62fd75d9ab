/** The API's shapes as the web app reads them (see GET /openapi.json); only the fields the app uses are typed. */

export type DocumentState = "queued" | "processing" | "indexed" | "ready" | "failed";
export type Role = "viewer" | "editor" | "admin";
export type SearchMode = "hybrid" | "keyword" | "semantic";

export interface DocumentRecord {
  id: string;
  filename: string;
  mediaType: string;
  format: string;
  size: number;
  sha256: string;
  title: string | null;
  state: DocumentState;
  error: string | null;
  chunkCount: number;
  embeddingModel: string | null;
  uploadedBy: string;
  createdAt: string;
  updatedAt: string;
  parentId: string | null;
  parser: string | null;
  documentType: string | null;
  billId: string | null;
  congress: number | null;
  billType: string | null;
  version: string | null;
  date: string | null;
}

export interface PersonMention {
  name: string;
  role: string;
  bioguideId?: string;
  lisId?: string;
  party?: string;
  state?: string;
  district?: string;
  position?: string;
}

export interface Citation {
  kind: string;
  target: string;
  text: string;
  start?: number;
  end?: number;
}

export interface Section {
  heading: string;
  level: number;
  start: number;
  end: number;
}

export interface DocumentDetails extends DocumentRecord {
  billNumber: number | null;
  versionName: string | null;
  dateKind: string | null;
  chamber: string | null;
  titles: { type: string; text: string }[];
  people: PersonMention[];
  committees: { name: string }[];
  actions: { date: string; text: string }[];
  subjects: string[];
  policyArea: string | null;
  summaries: { text: string }[];
  citations: Citation[];
  relatedBills: string[];
  vote: ({ rollNumber: number } & Record<string, unknown>) | null;
  agency: string | null;
  documentNumber: string | null;
  sections: Section[];
  parts: string[];
}

export interface DocumentText {
  id: string;
  text: string;
  sections: Section[];
}

export type UploadEntry =
  | { filename: string; id: string; duplicate: boolean; state: DocumentState }
  | { filename: string; error: string; code: string };

export interface SearchResult {
  documentId: string;
  filename: string;
  title: string | null;
  format: string;
  state: string;
  score: number;
  snippet: string;
  highlights: [number, number][];
  passage: { start: number; end: number; heading: string };
  billId: string | null;
  collapsed?: string[];
}

export interface FacetValue {
  value: string;
  count: number;
}

export const FACET_NAMES = [
  "documentType",
  "congress",
  "billType",
  "version",
  "party",
  "sponsorState",
  "policyArea",
] as const;
export type FacetName = (typeof FACET_NAMES)[number];
export type Facets = Record<FacetName, FacetValue[]>;

export interface SearchResponse {
  mode: SearchMode;
  results: SearchResult[];
  nextCursor: string | null;
  warning?: string;
  facets?: Partial<Facets>;
}

export interface Sponsorship {
  personId: string;
  name: string;
  bioguideId: string | null;
  lisId: string | null;
  party: string | null;
  state: string | null;
  date: string | null;
  original: boolean | null;
  withdrawn: boolean | null;
}

export interface VoteRecord {
  congress: number;
  session?: number;
  chamber: string;
  rollNumber: number;
  question?: string;
  result?: string;
  counts: { yea: number; nay: number; present: number; notVoting: number };
}

export interface BillVersion {
  version: string | null;
  name: string | null;
  date: string | null;
  renderings: DocumentRecord[];
}

export interface Bill {
  billId: string;
  congress: number | null;
  billType: string | null;
  number: number | null;
  title: string | null;
  policyArea: string | null;
  introducedDate: string | null;
  latestAction: { date: string; text: string } | null;
  publicLaw: string | null;
  versions: BillVersion[];
  actions: { date: string; text: string; chamber: string | null; code: string | null }[];
  sponsors: Sponsorship[];
  cosponsors: Sponsorship[];
  status: {
    titles?: { type: string; text: string }[];
    committees?: { name: string }[];
    subjects?: string[];
    summaries?: { text: string }[];
    documentId?: string;
  } | null;
  votes: (DocumentRecord & { vote?: VoteRecord })[];
  related: DocumentRecord[];
}

export interface CitingResponse {
  target: string;
  bills: string[];
  billRecords: { billId: string; title: string | null; latestActionDate: string | null; publicLaw: string | null }[];
  documents: DocumentRecord[];
}

export interface PersonVote {
  documentId: string;
  billId: string | null;
  date: string | null;
  position: string | null;
  chamber: string | null;
  rollNumber: number | null;
  question: string | null;
  result: string | null;
}

export interface Person {
  id: string;
  bioguideId: string | null;
  lisId: string | null;
  name: string;
  party: string | null;
  state: string | null;
  terms: { type?: string; start?: string; end?: string; state?: string; party?: string; district?: number }[];
  sponsorships: {
    billId: string;
    role: "sponsor" | "cosponsor";
    title: string | null;
    date: string | null;
    original: boolean | null;
    withdrawn: boolean | null;
  }[];
  speeches: DocumentRecord[];
  votes: PersonVote[];
}

export interface Job {
  id: string;
  type: string;
  documentId: string | null;
  state: string;
  attempts: number;
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface JobsResponse {
  counts: Record<string, number>;
  documents: Record<string, number>;
  jobs: Job[];
  dead: Job[];
}

export interface Me {
  actor: string;
  role: Role | null;
  name?: string | null;
  via: "key" | "session" | "anonymous";
  csrfToken?: string;
  permissions: string[];
}

export interface Providers {
  password: boolean;
  oidc: boolean;
  setupRequired: boolean;
}

export interface User {
  id: string;
  name: string;
  role: Role;
  disabledAt: string | null;
  lockedUntil?: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface ApiKey {
  id: string;
  prefix: string;
  name: string | null;
  role: Role;
  createdBy?: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  lastUsedIp?: string | null;
}

export interface CreatedKey {
  id: string;
  key: string;
  prefix: string;
  role: Role;
  expiresAt: string | null;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  ip: string | null;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
}
