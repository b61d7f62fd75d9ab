import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { JOB_STATES } from "../../core/domain";
import { MAX_REEMBED_PAGE } from "../../core/reembed";
import { MAX_REPROCESS_PAGE } from "../../core/reprocess";
import type { Services } from "../../core/services";
import type { AppEnv } from "../app";
import { boundedInt, IdParam, JobSchema, problemResponses } from "../schemas";

const countsSchema = z.record(z.string(), z.number().int());
const byTypeSchema = z.object({ process: z.number().int(), embed: z.number().int() });

const listRoute = createRoute({
  method: "get",
  path: "/v1/jobs",
  tags: ["jobs"],
  summary: "Jobs by state, counts, and the dead letters",
  request: {
    query: z.object({
      state: z.enum(JOB_STATES).optional(),
      limit: boundedInt(1, 500).optional(),
    }),
  },
  responses: {
    200: {
      description: "Jobs",
      content: {
        "application/json": {
          schema: z.object({
            counts: countsSchema,
            documents: countsSchema,
            throughput: z
              .object({ lastMinute: byTypeSchema, lastHour: byTypeSchema })
              .openapi({ description: "Jobs finished per type in the last minute and the last hour" }),
            jobs: z.array(JobSchema),
            dead: z.array(JobSchema),
          }),
        },
      },
    },
    ...problemResponses,
  },
});

const retryRoute = createRoute({
  method: "post",
  path: "/v1/jobs/{id}/retry",
  tags: ["jobs"],
  summary: "Run a failed or dead job again",
  request: { params: IdParam },
  responses: {
    202: { description: "Queued again", content: { "application/json": { schema: JobSchema } } },
    ...problemResponses,
  },
});

const security: Record<string, string[]>[] = [{ bearerAuth: [] }, { apiKey: [] }, { session: [] }];

/** The query of a library-wide step: where the previous call stopped, and how many documents to take. */
const stepQuery = (max: number) => ({
  after: z.string().max(200).optional().openapi({ description: "The previous call's `next`" }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(max)
    .optional()
    .openapi({ description: `Documents to queue in this call (default and at most ${max})` }),
});
const stepFields = {
  documents: z.number().int().openapi({ description: "Documents queued by this call" }),
  next: z
    .string()
    .nullable()
    .openapi({ description: "`after` for the next call; null when every document has been queued" }),
};
const stepResponses = <T extends z.ZodRawShape>(fields: T) => ({
  202: {
    description: "What this call queued, and where the next starts",
    content: { "application/json": { schema: z.object({ ...stepFields, ...fields }) } },
  },
  ...problemResponses,
});

const reprocessRoute = createRoute({
  method: "post",
  path: "/v1/reprocess",
  tags: ["jobs"],
  security,
  summary: "Read a batch of documents again with this version's parsers (the library, a call at a time)",
  description:
    "Queues a process job for each of up to `limit` top-level documents after `after` (in id order) that are not " +
    "being processed; call again with `after` set to the answer's `next` until it is null. Each document stays " +
    "searchable under its old reading until the new one replaces it, and is embedded again only where its text " +
    "changed. After an upgrade, this gives stored documents what the new parsers find (on Node the `reprocess` " +
    "command takes every step at once). Audited as `documents.reprocess`.",
  request: {
    query: z.object({
      parser: z
        .string()
        .min(1)
        .max(64)
        .optional()
        .openapi({ description: "Only documents this parser read (`crec-html`), or `none` for plain readings" }),
      ...stepQuery(MAX_REPROCESS_PAGE),
    }),
  },
  responses: stepResponses({}),
});

const reembedRoute = createRoute({
  method: "post",
  path: "/v1/reembed",
  tags: ["jobs"],
  security,
  summary: "Embed a batch of documents again with the configured embedder (the library, a call at a time)",
  description:
    "The first call records the configured embedder as the vector index's model: from then on semantic search " +
    "waits for the new vectors rather than mix two models. Each call removes the old vectors of up to `limit` " +
    "documents after `after` and queues their embedding; call again with `after` set to `next` until it is null. " +
    "Keyword search is unaffected throughout (on Node the `reembed` command takes every step at once). Audited as " +
    "`documents.reembed`.",
  request: { query: z.object(stepQuery(MAX_REEMBED_PAGE)) },
  responses: stepResponses({
    previousModel: z.string().nullable().openapi({ description: "The model the index held before this call" }),
    model: z.string().openapi({ description: "The model the documents are embedded with now" }),
  }),
});

export function registerJobRoutes(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(listRoute, async (c) => {
    const query = c.req.valid("query");
    const [counts, documents, throughput, jobs, dead] = await Promise.all([
      services.jobs.counts(),
      services.documents.countByState(),
      services.jobs.throughput(),
      services.jobs.list(query),
      services.jobs.list({ state: "dead", limit: 100 }),
    ]);
    return c.json({ counts, documents, throughput, jobs, dead }, 200);
  });
  app.openapi(retryRoute, async (c) => c.json(await services.jobs.retry(c.req.valid("param").id), 202));
  // A step of a library-wide operation, audited with what it was asked and what it queued.
  const audited = async (c: Context<AppEnv>, action: string, target: string, after: object) => {
    await services.security.audit.append({
      actor: c.get("identity").actor,
      ip: c.get("clientIp"),
      action,
      target,
      after,
    });
  };
  app.openapi(reprocessRoute, async (c) => {
    const query = c.req.valid("query");
    const result = await services.reprocess.page(query);
    await audited(c, "documents.reprocess", query.parser ? `parser:${query.parser}` : "documents", {
      ...query,
      ...result,
    });
    return c.json(result, 202);
  });
  app.openapi(reembedRoute, async (c) => {
    const query = c.req.valid("query");
    const result = await services.reembed.page(query);
    await audited(c, "documents.reembed", `model:${result.model}`, { ...query, ...result });
    return c.json(result, 202);
  });
}
