import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Services } from "../../core/services";
import type { AppEnv } from "../app";
import { boundedInt, DocumentSchema, IdParam, ProblemSchema, problemResponses } from "../schemas";

const outlineRoute = createRoute({
  method: "get",
  path: "/v1/documents/{id}/outline",
  tags: ["documents"],
  summary: "A document's headings with their depth and offsets into its text, for a table of contents",
  description:
    "Offsets are UTF-16 code units into the text of `GET /v1/documents/{id}/text`, end exclusive. At most 5,000 " +
    "entries; `maxDepth` (0 for the outermost headings) leaves out deeper ones. `truncated` says some were left out.",
  request: {
    params: IdParam,
    query: z.object({ maxDepth: boundedInt(0, 20).optional().openapi({ example: 1 }) }),
  },
  responses: {
    200: {
      description: "The outline",
      content: {
        "application/json": {
          schema: z
            .object({
              id: z.string(),
              title: z.string().nullable(),
              sections: z.array(
                z.object({
                  heading: z.string(),
                  depth: z.number().int(),
                  level: z.number().int(),
                  path: z.string().nullable().openapi({ example: "Sec. 2 > (a)" }),
                  start: z.number().int(),
                  end: z.number().int(),
                }),
              ),
              truncated: z.boolean(),
            })
            .openapi("DocumentOutline"),
        },
      },
    },
    ...problemResponses,
    409: { description: "No text yet", content: { "application/problem+json": { schema: ProblemSchema } } },
  },
});

const relatedRoute = createRoute({
  method: "get",
  path: "/v1/documents/{id}/related",
  tags: ["documents"],
  summary: "Other versions and renderings of the document's bill, its other documents, citing and cited bills",
  description: "Each list holds at most 50 entries; `truncated` says one was cut.",
  request: { params: IdParam },
  responses: {
    200: {
      description: "Related documents",
      content: {
        "application/json": {
          schema: z
            .object({
              id: z.string(),
              billId: z.string().nullable(),
              versions: z.array(
                z.object({
                  document: DocumentSchema,
                  version: z.string().nullable(),
                  versionName: z.string().nullable(),
                  date: z.string().nullable(),
                  sameVersion: z.boolean(),
                }),
              ),
              billDocuments: z.array(DocumentSchema),
              citedBy: z.array(DocumentSchema),
              cites: z.array(
                z.object({ billId: z.string(), title: z.string().nullable(), documents: z.number().int() }),
              ),
              truncated: z.boolean(),
            })
            .openapi("RelatedDocuments"),
        },
      },
    },
    ...problemResponses,
  },
});

export function registerDocumentExtraRoutes(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(outlineRoute, async (c) =>
    c.json(await services.documentOutline(c.req.valid("param").id, c.req.valid("query")), 200),
  );
  app.openapi(relatedRoute, async (c) => c.json(await services.relatedDocuments(c.req.valid("param").id), 200));
}
