import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Services } from "../../core/services";
import type { AppEnv } from "../app";
import { BillIdSchema, ProblemSchema, problemResponses } from "../schemas";

const VersionParam = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\w-]+$/);

const ComparedVersionSchema = z
  .object({
    version: z.string().nullable().openapi({ example: "ih" }),
    name: z.string().nullable().openapi({ example: "Introduced in House" }),
    date: z.string().nullable(),
    documentId: z.string(),
    format: z.string(),
    parser: z.string().nullable().openapi({ example: "uslm-xml" }),
  })
  .openapi("ComparedVersion");

const ComparedSideSchema = z
  .object({
    heading: z.string().nullable(),
    path: z.string().nullable().openapi({ example: "Title I > Sec. 101" }),
    start: z.number().int(),
    end: z.number().int(),
    text: z.string(),
  })
  .openapi("ComparedSection");

const DiffOpSchema = z
  .object({ op: z.enum(["equal", "insert", "delete"]), text: z.string() })
  .openapi("DiffOp", { description: "Joined in order, the equal and insert runs give the new text" });

const SectionComparisonSchema = z
  .object({
    key: z.string().openapi({ example: "Sec. 2", description: "`Sec. N` (scoped by division), `front` or `end`" }),
    status: z.enum(["added", "removed", "changed", "unchanged"]),
    from: ComparedSideSchema.nullable(),
    to: ComparedSideSchema.nullable(),
    diff: z
      .object({ granularity: z.enum(["words", "lines"]), ops: z.array(DiffOpSchema) })
      .nullable()
      .openapi({ description: "Changed sections only; null when the change is past the diff limits" }),
  })
  .openapi("SectionComparison");

const compareRoute = createRoute({
  method: "get",
  path: "/v1/bills/{billId}/compare",
  tags: ["legislation"],
  summary: "Compare two versions of a bill section by section, with a word diff of each changed section",
  description:
    "`from` and `to` are version codes (`ih`, `rh`, `eh`, `enr`…) or the document id of one rendering; they default " +
    "to the oldest and the newest version. Both sides use the same rendering (USLM first, then DTD XML, XHTML, HTML, " +
    "PDF) when both versions have it. Sections are paired by number (`Sec. 2`, `Division A > Sec. 101`); the text " +
    "before the first section is `front`, after the last `end`. White space alone is no change. A section diffs by " +
    "words (up to 10,000 a side and 500 changed), else by lines (5,000 and 500); the diffs of one request share a " +
    "fixed amount of work, after which changed sections have `diff: null` and `diffLimited` is true.",
  request: {
    params: z.object({
      billId: BillIdSchema.openapi({ param: { name: "billId", in: "path" }, example: "117-hr-2008" }),
    }),
    query: z.object({
      from: VersionParam.optional().openapi({ example: "ih" }),
      to: VersionParam.optional().openapi({ example: "eh" }),
    }),
  },
  responses: {
    200: {
      description: "The two versions and their sections, in the newer version's order",
      content: {
        "application/json": {
          schema: z.object({
            billId: z.string(),
            from: ComparedVersionSchema,
            to: ComparedVersionSchema,
            versions: z.array(
              z.object({ version: z.string().nullable(), name: z.string().nullable(), date: z.string().nullable() }),
            ),
            summary: z.object({
              added: z.number().int(),
              removed: z.number().int(),
              changed: z.number().int(),
              unchanged: z.number().int(),
            }),
            sections: z.array(SectionComparisonSchema),
            diffLimited: z.boolean(),
          }),
        },
      },
    },
    ...problemResponses,
    409: {
      description: "A version has no processed text yet",
      content: { "application/problem+json": { schema: ProblemSchema } },
    },
  },
});

export function registerBillCompareRoutes(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(compareRoute, async (c) => {
    const { billId } = c.req.valid("param");
    const { from, to } = c.req.valid("query");
    return c.json(await services.compareBill({ billId, from, to }), 200);
  });
}
