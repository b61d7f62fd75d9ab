import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Services } from "../../core/services";
import type { AppEnv } from "../app";
import { problemResponses, SearchResultSchema } from "../schemas";

const searchRoute = createRoute({
  method: "get",
  path: "/v1/search",
  tags: ["search"],
  summary: "Search documents by keyword, meaning, or both (hybrid, the default); one result per document",
  request: {
    query: z.object({
      q: z.string().openapi({ description: "What to look for; FTS syntax in it is treated as text" }),
      mode: z.enum(["keyword", "semantic", "hybrid"]).optional(),
      limit: z.coerce.number().int().min(1).max(100).optional(),
      cursor: z.string().max(500).optional(),
    }),
  },
  responses: {
    200: {
      description: "Ranked documents",
      content: {
        "application/json": {
          schema: z.object({
            mode: z.enum(["keyword", "semantic", "hybrid"]),
            results: z.array(SearchResultSchema),
            nextCursor: z.string().nullable(),
            warning: z.string().optional(),
          }),
        },
      },
    },
    ...problemResponses,
  },
});

export function registerSearchRoutes(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(searchRoute, async (c) => c.json(await services.search(c.req.valid("query")), 200));
}
