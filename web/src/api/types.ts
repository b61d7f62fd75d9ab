/**
 * The API's shapes, imported from the server's own declarations so the two cannot drift apart: the core types
 * where a route answers with what core returns, the HTTP schemas where the route reshapes it. Type-only: nothing
 * here reaches the bundle. Timestamps and dates are ISO strings on both sides, so JSON carries them unchanged.
 */
import type { z } from "@hono/zod-openapi";
import type { createDocumentService } from "../../../src/core/documents";
import type { JobRecord, JobType } from "../../../src/core/domain";
import type { createLegislation } from "../../../src/core/legislation";
import type { Role } from "../../../src/core/security/roles";
import type { CreatedKeySchema, UploadEntrySchema } from "../../../src/http/schemas";

export type { DocumentDetails, DocumentRecord, DocumentState, SearchMode, Section } from "../../../src/core/domain";
export type { BillVersion, BillView as Bill, Sponsorship } from "../../../src/core/legislation";
export type { PersonView as Person, PersonVote } from "../../../src/core/legislation-person";
export type { SearchPage as SearchResponse, SearchResult, SearchSort } from "../../../src/core/search";
export type { FacetName, Facets, FacetValue } from "../../../src/core/search/facets";
export type { ApiKeyRecord as ApiKey } from "../../../src/core/security/api-keys";
export type { AuditEntry } from "../../../src/core/security/audit-entry";
export type { Role } from "../../../src/core/security/roles";
export type { UserRecord as User } from "../../../src/core/security/users";
export type { PersonMention, VoteRecord } from "../../../src/formats/gov/types";

export type Job = JobRecord;
/** GET /v1/documents/{id}/text. */
export type DocumentText = Awaited<ReturnType<ReturnType<typeof createDocumentService>["text"]>>;
/** GET /v1/citations/{target}. */
export type CitingResponse = Awaited<ReturnType<ReturnType<typeof createLegislation>["citing"]>>;
/** One file's outcome in POST /v1/documents. */
export type UploadEntry = z.infer<typeof UploadEntrySchema>;
/** POST /v1/keys: the key itself, shown this once. */
export type CreatedKey = z.infer<typeof CreatedKeySchema>;

/** GET /v1/jobs (its schema is inline in the route); only the fields the jobs page reads. */
export interface JobsResponse {
  counts: Record<string, number>;
  documents: Record<string, number>;
  /** Jobs finished per type in the last minute and the last hour: the processing rate. */
  throughput: { lastMinute: Record<JobType, number>; lastHour: Record<JobType, number> };
  jobs: Job[];
  dead: Job[];
}

/** GET /v1/auth/me (its schema is inline in the route). */
export interface Me {
  actor: string;
  role: Role | null;
  name: string | null;
  via: "key" | "session" | "anonymous";
  csrfToken?: string;
  permissions: string[];
}

/** GET /v1/auth/providers (its schema is inline in the route). */
export interface Providers {
  password: boolean;
  oidc: boolean;
  setupRequired: boolean;
}
