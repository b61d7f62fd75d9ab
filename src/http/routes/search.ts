import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context, TypedResponse } from "hono";
import type { SearchPage, SearchQuery } from "../../core/search";
import type { Services } from "../../core/services";
import type { AppEnv } from "../app";
import { boundedInt, DocumentFiltersSchema, FacetsSchema, problemResponses, SearchResultSchema } from "../schemas";

export const searchQuerySchema = DocumentFiltersSchema.extend({
  q: z.string().openapi({
    description:
      'What to look for: words, "exact phrases", -excluded, a OR b, prefix* (two letters or more, matching words); ' +
      "bill numbers (H.R. 2000, hr2000) and citations (42 U.S.C. 1395, Pub. L. 116-136) in any spelling. Other FTS " +
      "syntax is treated as text",
  }),
  mode: z.enum(["keyword", "semantic", "hybrid"]).optional(),
  limit: boundedInt(1, 100).optional(),
  cursor: z.string().max(500).optional(),
  group: z
    .enum(["document", "bill"])
    .optional()
    .openapi({ description: "`bill` folds a bill's renderings and versions into one result" }),
  sort: z.enum(["relevance", "newest", "oldest"]).optional().openapi({
    description:
      "`newest` or `oldest` orders the matching documents (the best few hundred matches) by date, undated ones last",
  }),
  facets: z
    .enum(["true", "false"])
    .optional()
    .openapi({ description: "Whether to count facets over the matching documents (default true)" }),
  correct: z.enum(["true", "false"]).optional().openapi({
    description:
      "Whether a query none of whose words any document holds is searched as its first suggestion instead, when that puts in common words (default true; see `searchedFor`)",
  }),
});

/**
 * The same search as a JSON body, with JSON's types (`limit: 20`, `facets: false`): a query as long as the service
 * takes in any script (a URL over 16 KiB, about 1,800 Chinese characters percent-encoded, is refused with 431), and
 * no query text in URLs, which proxies, access logs and browser histories keep. Unknown fields are refused, so a
 * misspelt filter is not silently ignored.
 */
const searchBodySchema = searchQuerySchema
  .extend({
    limit: z.number().int().min(1).max(100).optional(),
    facets: z.boolean().optional().openapi({ description: "Whether to count facets (default true)" }),
    correct: z.boolean().optional().openapi({ description: "As `correct` of GET /v1/search (default true)" }),
  })
  .strict();

const searchResponses = {
  200: {
    description: "Ranked documents, with facet counts over the matching ones",
    content: {
      "application/json": {
        schema: z.object({
          mode: z.enum(["keyword", "semantic", "hybrid"]),
          results: z.array(SearchResultSchema),
          nextCursor: z.string().nullable(),
          warning: z.string().optional().openapi({
            description:
              "Set when hybrid search fell back to keywords alone (the model could not answer), or when a letter was typed as a prefix (`c*`, searched as the letter)",
          }),
          unmatched: z.array(z.string()).optional().openapi({
            description:
              "Words of the query no document holds (keyword and hybrid modes): the keyword matches are for the others; absent when none",
          }),
          searchedFor: z.string().optional().openapi({
            description:
              "The query the results are for, when no document holds any word of the one asked and its first suggestion puts in common words (`veterans` for `veteranz`, but not `crypt` for `crypto`, which is only suggested); `unmatched` names the words typed, `suggestions` the other corrections; absent otherwise and with `correct=false`",
          }),
          suggestions: z.array(z.string()).optional().openapi({
            description:
              "Queries to try instead, when words of this one are in no document: each replaced by a word one letter away that documents hold (`helth care` → `health care`), likeliest first, at most three; absent when none",
          }),
          facets: FacetsSchema.optional(),
        }),
      },
    },
  },
  ...problemResponses,
};

const searchRoute = createRoute({
  method: "get",
  path: "/v1/search",
  tags: ["search"],
  summary: "Search documents by keyword, meaning, or both (hybrid, the default); one result per document or bill",
  request: { query: searchQuerySchema },
  responses: searchResponses,
});

const searchBodyRoute = createRoute({
  method: "post",
  path: "/v1/search",
  tags: ["search"],
  summary: "The same search with the query and its options as a JSON body (long queries, no query text in URLs)",
  request: { body: { content: { "application/json": { schema: searchBodySchema } }, required: true } },
  responses: searchResponses,
});

const JSON_TYPE = { "content-type": "application/json" };

export function registerSearchRoutes(app: OpenAPIHono<AppEnv>, services: Services) {
  // A page the search cache answers again is the same object: its JSON is written once (about 6 % of such a request).
  const bodies = new WeakMap<SearchPage, string>();
  const answer = async (c: Context, query: SearchQuery) => {
    const page = await services.search(query);
    let body = bodies.get(page);
    if (body === undefined) {
      body = JSON.stringify(page);
      bodies.set(page, body);
    }
    // The declared JSON response, already serialized.
    return c.body(body, 200, JSON_TYPE) as unknown as TypedResponse<SearchPage, 200, "json">;
  };
  app.openapi(searchRoute, async (c) => {
    const { facets, correct, ...query } = c.req.valid("query");
    return answer(c, { ...query, facets: facets !== "false", correct: correct !== "false" });
  });
  app.openapi(searchBodyRoute, async (c) => answer(c, c.req.valid("json")));
}
