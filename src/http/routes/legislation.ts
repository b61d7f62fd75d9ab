import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Services } from "../../core/services";
import type { AppEnv } from "../app";
import { BillIdSchema, DocumentSchema, problemResponses } from "../schemas";

const open = z.object({}).passthrough();

const ActionSchema = z.object({
  date: z.string(),
  text: z.string(),
  chamber: z.string().nullable(),
  code: z.string().nullable(),
});

const SponsorshipSchema = z.object({
  personId: z.string(),
  name: z.string(),
  bioguideId: z.string().nullable(),
  lisId: z.string().nullable(),
  party: z.string().nullable(),
  state: z.string().nullable(),
  date: z.string().nullable(),
  original: z.boolean().nullable(),
  withdrawn: z.boolean().nullable(),
});

const billRoute = createRoute({
  method: "get",
  path: "/v1/bills/{billId}",
  tags: ["legislation"],
  summary: "A bill: its record, versions in every rendering, actions, sponsors, votes, status and related documents",
  description:
    "Fields come from the best source present: the newest bill status first, then the newest text version. " +
    "Versions and votes are oldest first; actions are one source's, oldest first.",
  request: {
    params: z.object({
      billId: BillIdSchema.openapi({ param: { name: "billId", in: "path" }, example: "116-hr-2000" }),
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
              congress: z.number().int().nullable(),
              billType: z.string().nullable(),
              number: z.number().int().nullable(),
              title: z.string().nullable(),
              policyArea: z.string().nullable(),
              introducedDate: z.string().nullable(),
              latestAction: z.object({ date: z.string(), text: z.string() }).nullable(),
              publicLaw: z.string().nullable().openapi({ example: "116-136" }),
              versions: z.array(
                z.object({
                  version: z.string().nullable(),
                  name: z.string().nullable(),
                  date: z.string().nullable(),
                  renderings: z.array(DocumentSchema),
                }),
              ),
              actions: z.array(ActionSchema),
              sponsors: z.array(SponsorshipSchema),
              cosponsors: z.array(SponsorshipSchema),
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
  summary: "A member by bioguide or LIS id: sponsored and cosponsored bills, speeches, roll-call votes",
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
    summary:
      "Bills and documents citing a U.S. Code section, CFR part or section, public law, Statutes at Large, Federal Register or Congressional Record page, or bill",
    description:
      "`target` is `usc/{title}/{section}`, `cfr/{title}/{part}[.{section}]`, `pl/{congress}/{number}`, `stat/{volume}/{page}`, `fr/{volume}/{page}`, `crec/{volume}/{page}` or `bill/{billId}`. For a Federal Register or Record page, `printed` holds the documents printed on it.",
    request: { params: z.object({ target: z.string().openapi({ example: "usc/42/1395" }) }) },
    responses: {
      200: {
        description: "Citing documents",
        content: {
          "application/json": {
            schema: z.object({
              target: z.string(),
              bills: z.array(z.string()),
              billRecords: z.array(
                z.object({
                  billId: z.string(),
                  title: z.string().nullable(),
                  latestActionDate: z.string().nullable(),
                  publicLaw: z.string().nullable(),
                }),
              ),
              documents: z.array(DocumentSchema),
              printed: z.array(DocumentSchema),
            }),
          },
        },
      },
    },
  });
  app.get("/v1/citations/:target{.+}", async (c) => c.json(await services.legislation.citing(c.req.param("target"))));
}
