import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { DOCUMENT_STATES } from "../../core/domain";
import { AppError, errorMessage, isAppError } from "../../core/errors";
import { canDeleteDocument } from "../../core/security";
import type { Services } from "../../core/services";
import type { AppEnv } from "../app";
import { problemFor, STATUS_BY_CODE } from "../problem";
import {
  boundedInt,
  DocumentDetailsSchema,
  DocumentFiltersSchema,
  DocumentSchema,
  IdParam,
  ProblemSchema,
  problemResponses,
  SectionSchema,
  UploadEntrySchema,
  UrlIngestSchema,
} from "../schemas";
import type { UploadReader } from "../uploads";
import { isJsonRequest, readUrlIngestBody } from "../url-ingest";

const listRoute = createRoute({
  method: "get",
  path: "/v1/documents",
  tags: ["documents"],
  summary: "List documents, newest first",
  request: {
    query: DocumentFiltersSchema.extend({
      limit: boundedInt(1, 500).optional(),
      cursor: z.string().max(500).optional(),
      state: z.enum(DOCUMENT_STATES).optional(),
      format: z.string().max(20).optional(),
      billId: z.string().max(40).optional().openapi({ example: "116-hr-2000" }),
      parentId: z.string().max(100).optional(),
    }),
  },
  responses: {
    200: {
      description: "A page of documents",
      content: {
        "application/json": {
          schema: z.object({ documents: z.array(DocumentSchema), nextCursor: z.string().nullable() }),
        },
      },
    },
    ...problemResponses,
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/v1/documents/{id}",
  tags: ["documents"],
  summary: "A document's metadata and processing state",
  request: { params: IdParam },
  responses: {
    200: {
      description: "The document with its structured metadata",
      content: { "application/json": { schema: DocumentDetailsSchema } },
    },
    ...problemResponses,
  },
});

const textRoute = createRoute({
  method: "get",
  path: "/v1/documents/{id}/text",
  tags: ["documents"],
  summary: "The extracted text with its sections and their offsets",
  request: { params: IdParam },
  responses: {
    200: {
      description: "The text",
      content: {
        "application/json": {
          schema: z.object({ id: z.string(), text: z.string(), sections: z.array(SectionSchema) }),
        },
      },
    },
    ...problemResponses,
  },
});

const deleteRoute = createRoute({
  method: "delete",
  path: "/v1/documents/{id}",
  tags: ["documents"],
  summary: "Delete a document with its text, chunks, vectors and original",
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...problemResponses },
});

const contentRoute = createRoute({
  method: "get",
  path: "/v1/documents/{id}/content",
  tags: ["documents"],
  summary: "The original bytes, as an attachment",
  request: { params: IdParam },
  responses: {
    200: { description: "The original file", content: { "application/octet-stream": { schema: z.string() } } },
    ...problemResponses,
  },
});

const MULTIPART_ALLOWANCE = 1024 * 1024;

/** RFC 6266 filename parameters: an ASCII fallback and the UTF-8 name. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export function registerDocumentRoutes(
  app: OpenAPIHono<AppEnv>,
  services: Services,
  options: { readUploads: UploadReader },
) {
  app.openAPIRegistry.registerPath({
    method: "post",
    path: "/v1/documents",
    tags: ["documents"],
    summary: "Upload one or many files (multipart/form-data, any field name), or fetch one by URL (JSON)",
    description:
      "Each file is stored and queued for processing. One entry per file: its id (an existing id when the same bytes were uploaded before) or its error. 202 when any file was accepted; when none was, the status of the first error. " +
      'With `application/json` `{ "url" }` the server fetches the document itself (http or https, at most 5 redirects, the upload size limit and a time limit) and refuses with 403 any URL that leads, on any hop, to a loopback, private, link-local or otherwise non-public address, unless the deployment allows private addresses.',
    request: {
      body: {
        content: {
          "multipart/form-data": {
            schema: z.object({ file: z.string().openapi({ type: "string", format: "binary" }) }),
          },
          "application/json": { schema: UrlIngestSchema },
        },
      },
    },
    responses: {
      202: {
        description: "Accepted",
        content: { "application/json": { schema: z.object({ documents: z.array(UploadEntrySchema) }) } },
      },
      403: {
        description: "The URL leads to an address that may not be fetched",
        content: { "application/problem+json": { schema: ProblemSchema } },
      },
      413: { description: "Too large", content: { "application/problem+json": { schema: ProblemSchema } } },
      415: { description: "Unsupported", content: { "application/problem+json": { schema: ProblemSchema } } },
      422: {
        description: "The URL answered an error, or redirected too often",
        content: { "application/problem+json": { schema: ProblemSchema } },
      },
      503: {
        description: "The URL could not be reached in time",
        content: { "application/problem+json": { schema: ProblemSchema } },
      },
    },
  });

  app.post("/v1/documents", async (c) => {
    const type = c.req.header("content-type") ?? "";
    if (isJsonRequest(type)) {
      const { url } = await readUrlIngestBody(c.req.raw);
      const { finalUrl, ...result } = await services.ingestUrl({ url, uploadedBy: c.get("identity").actor });
      return c.json({ documents: [{ ...result, url: finalUrl }] }, 202);
    }
    if (!type.toLowerCase().startsWith("multipart/form-data")) {
      throw new AppError("unsupported_media_type", "upload files as multipart/form-data, or send a URL as JSON");
    }
    const maxBytes = services.config.maxUploadBytes;
    // The limit holds for each file and, with room for multipart framing, for the request: a body larger than
    // that is refused before it is read, or as soon as it passes the limit when its length is not declared.
    const maxRequestBytes = maxBytes + MULTIPART_ALLOWANCE;
    const declared = Number(c.req.header("content-length"));
    if (Number.isFinite(declared) && declared > maxRequestBytes) {
      throw new AppError("payload_too_large", `the request exceeds the limit of ${maxRequestBytes} bytes`, {
        maxBytes: maxRequestBytes,
      });
    }
    const entries: z.infer<typeof UploadEntrySchema>[] = [];
    let firstError: AppError | undefined;
    for await (const file of options.readUploads(c.req.raw, { maxFileBytes: maxBytes, maxRequestBytes })) {
      try {
        const result = await services.ingest({ ...file, uploadedBy: c.get("identity").actor });
        entries.push({ filename: file.filename, ...result });
      } catch (error) {
        await file.body.cancel().catch(() => {});
        if (!isAppError(error)) throw error;
        firstError ??= error;
        entries.push({ filename: file.filename, error: errorMessage(error), code: error.code });
      }
    }
    if (entries.length === 0) throw new AppError("bad_request", "the request holds no file");
    if (firstError && entries.every((e) => "error" in e)) {
      return c.json({ ...problemFor(firstError, c.req.path), documents: entries }, STATUS_BY_CODE[firstError.code], {
        "content-type": "application/problem+json",
      });
    }
    return c.json({ documents: entries }, 202);
  });

  app.openapi(listRoute, async (c) => c.json(await services.documents.list(c.req.valid("query")), 200));
  app.openapi(getRoute, async (c) => c.json(await services.documents.details(c.req.valid("param").id), 200));
  app.openapi(textRoute, async (c) => c.json(await services.documents.text(c.req.valid("param").id), 200));
  app.openapi(deleteRoute, async (c) => {
    const { id } = c.req.valid("param");
    const identity = c.get("identity");
    const document = await services.documents.get(id);
    if (!identity.role || !canDeleteDocument({ role: identity.role, actor: identity.actor }, document.uploadedBy)) {
      throw new AppError("forbidden", "editors may delete only the documents they uploaded");
    }
    await services.documents.delete(id);
    // Recorded once the rows are gone: the entry says what was deleted, never an attempt that failed.
    const { filename, sha256, size, title, uploadedBy, createdAt } = document;
    await services.security.audit.append({
      actor: identity.actor,
      ip: c.get("clientIp"),
      action: "document.delete",
      target: `document:${id}`,
      before: { filename, sha256, size, title, uploadedBy, createdAt },
    });
    return c.body(null, 204);
  });
  app.openapi(contentRoute, async (c) => {
    const { document, body, size } = await services.documents.content(c.req.valid("param").id);
    // Served as an attachment in a sandbox: an uploaded HTML or SVG file never runs on the app's origin.
    return new Response(body, {
      status: 200,
      headers: {
        "content-type": document.mediaType,
        "content-length": String(size),
        "content-disposition": contentDisposition(document.filename),
        "x-content-type-options": "nosniff",
        "content-security-policy": "sandbox; default-src 'none'",
        "cache-control": "private, max-age=0",
      },
    });
  });
}
