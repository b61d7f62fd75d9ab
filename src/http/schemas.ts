import { z } from "@hono/zod-openapi";
import { DOCUMENT_STATES, JOB_STATES } from "../core/domain";

/** The filters the documents list and search share (`DocumentFilters` in core): one name and meaning each. */
export const DocumentFiltersSchema = z.object({
  congress: z.coerce.number().int().min(1).max(200).optional(),
  billType: z.string().max(10).optional(),
  version: z.string().max(10).optional(),
  documentType: z.string().max(40).optional(),
  dateFrom: z.iso.date().optional(),
  dateTo: z.iso.date().optional(),
  sponsor: z.string().max(20).optional().openapi({ description: "Bioguide or LIS id of the sponsor" }),
  party: z.string().max(20).optional().openapi({ description: "The sponsor's party: D, R, I" }),
  sponsorState: z.string().length(2).optional().openapi({ description: "The sponsor's state (postal code)" }),
  committee: z.string().max(200).optional().openapi({ description: "Committee code (hsif00) or name" }),
  policyArea: z.string().max(100).optional().openapi({ description: "The bill's policy area (Health)" }),
});

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    code: z.string(),
  })
  .openapi("Problem");

export const DocumentSchema = z
  .object({
    id: z.string(),
    filename: z.string(),
    mediaType: z.string(),
    format: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    title: z.string().nullable(),
    state: z.enum(DOCUMENT_STATES),
    error: z.string().nullable(),
    chunkCount: z.number().int(),
    embeddingModel: z.string().nullable(),
    uploadedBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    parentId: z.string().nullable(),
    parser: z.string().nullable(),
    documentType: z.string().nullable(),
    billId: z.string().nullable().openapi({ example: "116-hr-2000" }),
    congress: z.number().int().nullable(),
    billType: z.string().nullable(),
    version: z.string().nullable(),
    date: z.string().nullable(),
  })
  .openapi("Document");

const PersonSchema = z
  .object({
    name: z.string(),
    role: z.string(),
    bioguideId: z.string().optional(),
    lisId: z.string().optional(),
    party: z.string().optional(),
    state: z.string().optional(),
    district: z.string().optional(),
    position: z.string().optional(),
  })
  .passthrough()
  .openapi("PersonMention");

const CitationSchema = z
  .object({
    kind: z.string(),
    target: z.string(),
    text: z.string(),
    start: z.number().optional(),
    end: z.number().optional(),
  })
  .openapi("Citation");

export const DocumentDetailsSchema = DocumentSchema.extend({
  billNumber: z.number().int().nullable(),
  versionName: z.string().nullable(),
  dateKind: z.string().nullable(),
  chamber: z.string().nullable(),
  titles: z.array(z.object({ type: z.string(), text: z.string() }).passthrough()),
  people: z.array(PersonSchema),
  committees: z.array(z.object({ name: z.string() }).passthrough()),
  actions: z.array(z.object({ date: z.string(), text: z.string() }).passthrough()),
  subjects: z.array(z.string()),
  policyArea: z.string().nullable(),
  summaries: z.array(z.object({ text: z.string() }).passthrough()),
  citations: z.array(CitationSchema),
  relatedBills: z.array(z.string()),
  vote: z.object({ rollNumber: z.number() }).passthrough().nullable(),
  agency: z.string().nullable(),
  documentNumber: z.string().nullable().openapi({ example: "2024-02934" }),
  sections: z.array(
    z.object({ heading: z.string(), level: z.number(), start: z.number(), end: z.number() }).passthrough(),
  ),
  parts: z.array(z.string()),
}).openapi("DocumentDetails");

export const UploadEntrySchema = z
  .union([
    z.object({ filename: z.string(), id: z.string(), duplicate: z.boolean(), state: z.enum(DOCUMENT_STATES) }),
    z.object({ filename: z.string(), error: z.string(), code: z.string() }),
  ])
  .openapi("UploadEntry");

export const SectionSchema = z
  .object({ heading: z.string(), level: z.number().int(), start: z.number().int(), end: z.number().int() })
  .openapi("Section");

export const SearchResultSchema = z
  .object({
    documentId: z.string(),
    filename: z.string(),
    title: z.string().nullable(),
    format: z.string(),
    state: z.string(),
    score: z.number(),
    snippet: z.string(),
    highlights: z.array(z.tuple([z.number().int(), z.number().int()])),
    passage: z.object({ start: z.number().int(), end: z.number().int(), heading: z.string() }),
    billId: z.string().nullable(),
    collapsed: z.array(z.string()).optional().openapi({ description: "With group=bill: the bill's other documents" }),
  })
  .openapi("SearchResult");

const FacetValuesSchema = z.array(z.object({ value: z.string(), count: z.number().int() }));
export const FacetsSchema = z
  .object({
    documentType: FacetValuesSchema,
    congress: FacetValuesSchema,
    billType: FacetValuesSchema,
    version: FacetValuesSchema,
    party: FacetValuesSchema,
    sponsorState: FacetValuesSchema,
    policyArea: FacetValuesSchema,
  })
  .openapi("SearchFacets");

export const JobSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    documentId: z.string().nullable(),
    state: z.enum(JOB_STATES),
    attempts: z.number().int(),
    error: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Job");

export const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" } }),
});

export const problemResponses = {
  400: { description: "Invalid request", content: { "application/problem+json": { schema: ProblemSchema } } },
  404: { description: "Not found", content: { "application/problem+json": { schema: ProblemSchema } } },
} as const;
