import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { AppError } from "../../core/errors";
import { MAX_REWRAP_BATCH, rewrapSome } from "../../core/security/encryption";
import type { Services } from "../../core/services";
import type { AppEnv } from "../app";
import { problemResponses } from "../schemas";

const DEFAULT_REWRAP_BATCH = 100;
const security: Record<string, string[]>[] = [{ bearerAuth: [] }, { apiKey: [] }, { session: [] }];

const rewrapRoute = createRoute({
  method: "post",
  path: "/v1/encryption/rewrap",
  tags: ["admin"],
  security,
  summary: "Rewrap a batch of data keys with the current master key (a rotation, a call at a time)",
  description:
    "After setting the master key secret to `new,old` (the first current), call until `remaining` is 0, then drop " +
    "the old key from the secret. Only the wrapped data keys change; no document is rewritten. Audited as " +
    "`encryption.rewrap`.",
  request: {
    query: z.object({
      limit: z.coerce
        .number()
        .int()
        .min(1)
        .max(MAX_REWRAP_BATCH)
        .optional()
        .openapi({ description: `Data keys to rewrap in this call (default ${DEFAULT_REWRAP_BATCH})` }),
    }),
  },
  responses: {
    200: {
      description: "What this call did, and what is left",
      content: {
        "application/json": {
          schema: z.object({
            rewrapped: z.number().int().openapi({ description: "Data keys rewrapped by this call" }),
            remaining: z.number().int().openapi({ description: "Data keys still wrapped by another master key" }),
            masterKeyId: z.string().openapi({ description: "The current master key, which they are wrapped with" }),
          }),
        },
      },
    },
    ...problemResponses,
  },
});

/**
 * Master key rotation over HTTP, for Workers, where the `encryption rotate-master` command (which works on a Node
 * data folder) cannot run: one bounded batch per request, so no request outlives a Worker's limits.
 */
export function registerEncryptionRoutes(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(rewrapRoute, async (c) => {
    const configured = await services.deps.keyring;
    if (configured === undefined) throw new AppError("unavailable", "this document store does not encrypt");
    if (configured === null) {
      throw new AppError("unavailable", "OPENDISCOURSE_MASTER_KEY is not set: there is no master key to rewrap to");
    }
    const limit = c.req.valid("query").limit ?? DEFAULT_REWRAP_BATCH;
    const result = await rewrapSome({ db: services.deps.db, keyring: configured, limit });
    await services.security.audit.append({
      actor: c.get("identity").actor,
      ip: c.get("clientIp"),
      action: "encryption.rewrap",
      target: `master-key:${result.masterKeyId}`,
      after: result,
    });
    return c.json(result, 200);
  });
}
