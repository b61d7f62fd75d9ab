import { z } from "@hono/zod-openapi";
import { DOCUMENT_STATES, JOB_STATES } from "../core/domain";

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
  })
  .openapi("Document");

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
  })
  .openapi("SearchResult");

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
