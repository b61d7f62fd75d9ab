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
