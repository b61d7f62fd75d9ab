import type { GovMetadata } from "../formats/gov/types";
import type { Section } from "../formats/types";

export type { DocumentFormat, Section } from "../formats/types";

/** Domain records as the API shows them. Timestamps are ISO 8601 strings in UTC. */
export const DOCUMENT_STATES = ["queued", "processing", "indexed", "ready", "failed"] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];

export const JOB_STATES = ["queued", "processing", "retrying", "done", "failed", "dead"] as const;
export type JobState = (typeof JOB_STATES)[number];

export type JobType = "process" | "embed";

/** What travels on the queue: only the job's id; its state lives in the `jobs` table. */
export interface JobMessage {
  jobId: string;
}

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
  /** The container this document is part of (a rule's Federal Register issue), or null. */
  parentId: string | null;
  /** The format-specific parser that read it (`uslm-xml`, `billstatus-xml`…), or null for generic text. */
  parser: string | null;
  documentType: string | null;
  billId: string | null;
  congress: number | null;
  billType: string | null;
  /** GPO version code (`ih`, `enr`…). */
  version: string | null;
  /** ISO date; what it means depends on the type (`dateKind` in the details). */
  date: string | null;
}

/** A document with everything its parser found. */
export interface DocumentDetails extends DocumentRecord {
  billNumber: number | null;
  versionName: string | null;
  dateKind: string | null;
  chamber: string | null;
  titles: GovMetadata["titles"];
  people: GovMetadata["people"];
  committees: GovMetadata["committees"];
  actions: GovMetadata["actions"];
  subjects: string[];
  policyArea: string | null;
  summaries: GovMetadata["summaries"];
  citations: GovMetadata["citations"];
  relatedBills: string[];
  vote: NonNullable<GovMetadata["vote"]> | null;
  agency: string | null;
  documentNumber: string | null;
  sections: Section[];
  /** Ids of the documents this one contains. */
  parts: string[];
}

export interface JobRecord {
  id: string;
  type: JobType;
  documentId: string | null;
  state: JobState;
  attempts: number;
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

export type SearchMode = "keyword" | "semantic" | "hybrid";
