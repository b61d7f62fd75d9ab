import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { JOB_STATES } from "../../core/domain";
import type { Services } from "../../core/services";
import type { AppEnv } from "../app";
import { IdParam, JobSchema, problemResponses } from "../schemas";

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
      limit: z.coerce.number().int().min(1).max(500).optional(),
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
}
