import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Services } from "../../core/services";
import type { AppEnv } from "../app";
import { DocumentSchema, problemResponses } from "../schemas";

const open = z.object({}).passthrough();

const billRoute = createRoute({
  method: "get",
  path: "/v1/bills/{billId}",
  tags: ["legislation"],
  summary: "A bill: its versions in every rendering, status, sponsors, actions, votes and related documents",
  request: {
    params: z.object({
      billId: z
        .string()
        .regex(/^\d{1,3}-[a-z]+-\d{1,6}$/i)
        .openapi({ param: { name: "billId", in: "path" }, example: "116-hr-2000" }),
    }),
  },
  responses: {
    200: {
      description: "The bill",
      content: {
        "application/json": {
          schema: z
            .object({
              billId: z.string(),
              title: z.string().nullable(),
              versions: z.array(z.object({ version: z.string().nullable(), renderings: z.array(DocumentSchema) })),
              status: open.nullable(),
              votes: z.array(open),
              related: z.array(DocumentSchema),
            })
            .passthrough(),
        },
      },
    },
    ...problemResponses,
  },
});

const personRoute = createRoute({
  method: "get",
  path: "/v1/people/{id}",
  tags: ["legislation"],
  summary: "A member by bioguide or LIS id: sponsored and cosponsored bills, speeches, votes",
  request: {
    params: z.object({
      id: z
        .string()
        .min(1)
        .max(300)
        .openapi({
          param: { name: "id", in: "path" },
          example: "D000630",
          description: "A bioguide or LIS id, or the `name:` id of someone documents name without one",
        }),
    }),
  },
  responses: {
    200: { description: "The person's record", content: { "application/json": { schema: open } } },
    ...problemResponses,
  },
});

export function registerLegislationRoutes(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(billRoute, async (c) => c.json(await services.legislation.bill(c.req.valid("param").billId), 200));
  app.openapi(personRoute, async (c) => c.json(await services.legislation.person(c.req.valid("param").id), 200));

  // A target holds slashes (`usc/42/1395`), so the route takes the rest of the path.
  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/v1/citations/{target}",
    tags: ["legislation"],
    summary: "Bills and documents citing a U.S. Code section, public law, Statutes at Large page or bill",
    description:
      "`target` is `usc/{title}/{section}`, `pl/{congress}/{number}`, `stat/{volume}/{page}` or `bill/{billId}`.",
    request: { params: z.object({ target: z.string().openapi({ example: "usc/42/1395" }) }) },
    responses: {
      200: {
        description: "Citing documents",
        content: {
          "application/json": {
            schema: z.object({ target: z.string(), bills: z.array(z.string()), documents: z.array(DocumentSchema) }),
          },
        },
      },
    },
  });
  app.get("/v1/citations/:target{.+}", async (c) => c.json(await services.legislation.citing(c.req.param("target"))));
}
