import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { AppError } from "../../core/errors";
import type { Actor } from "../../core/security";
import type { Services } from "../../core/services";
import type { AppEnv } from "../app";
import {
  ApiKeySchema,
  AuditEntrySchema,
  boundedInt,
  CreatedKeySchema,
  IdParam,
  problemResponses,
  RoleSchema,
  UserSchema,
} from "../schemas";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { "application/json": { schema } }, required: true },
});
const security: Record<string, string[]>[] = [{ bearerAuth: [] }, { apiKey: [] }, { session: [] }];
const base = { tags: ["admin"], security };

const listKeysRoute = createRoute({
  ...base,
  method: "get",
  path: "/v1/keys",
  summary: "Every API key, newest first (never their secrets)",
  responses: { 200: json(z.object({ keys: z.array(ApiKeySchema) }), "The keys"), ...problemResponses },
});

const createKeyRoute = createRoute({
  ...base,
  method: "post",
  path: "/v1/keys",
  summary: "Create an API key; the key is in this answer only",
  request: body(
    z.object({
      role: RoleSchema,
      name: z.string().trim().min(1).max(100).optional(),
      expiresAt: z.iso.datetime({ offset: true }).optional().openapi({ example: "2027-01-01T00:00:00Z" }),
    }),
  ),
  responses: { 201: json(CreatedKeySchema, "Created"), ...problemResponses },
});

const revokeKeyRoute = createRoute({
  ...base,
  method: "delete",
  path: "/v1/keys/{id}",
  summary: "Revoke an API key (idempotent); effective on its next request",
  request: { params: IdParam },
  responses: { 200: json(ApiKeySchema, "The revoked key"), ...problemResponses },
});

const listUsersRoute = createRoute({
  ...base,
  method: "get",
  path: "/v1/users",
  summary: "Every local user, by name",
  responses: { 200: json(z.object({ users: z.array(UserSchema) }), "The users"), ...problemResponses },
});

const createUserRoute = createRoute({
  ...base,
  method: "post",
  path: "/v1/users",
  summary: "Create a local user (password of at least 12 characters)",
  request: body(z.object({ name: z.string().max(64), password: z.string().max(1024), role: RoleSchema })),
  responses: {
    201: json(UserSchema, "Created"),
    409: json(z.object({}).passthrough(), "The name is taken"),
    ...problemResponses,
  },
});

const updateUserRoute = createRoute({
  ...base,
  method: "patch",
  path: "/v1/users/{id}",
  summary: "Change a user's role, or disable or enable them",
  request: {
    params: IdParam,
    ...body(
      z
        .object({ role: RoleSchema.optional(), disabled: z.boolean().optional() })
        .refine((v) => v.role !== undefined || v.disabled !== undefined, "give role or disabled"),
    ),
  },
  responses: { 200: json(UserSchema, "The user as changed"), ...problemResponses },
});

const auditRoute = createRoute({
  ...base,
  method: "get",
  path: "/v1/audit",
  summary: "Audit entries in order, a page at a time",
  request: {
    query: z.object({
      after: z.coerce.number().int().min(0).optional().openapi({ description: "Entries after this seq" }),
      limit: boundedInt(1, 1000).optional(),
      action: z.string().max(100).optional().openapi({ example: "key.create" }),
      actor: z.string().max(200).optional(),
    }),
  },
  responses: {
    200: json(
      z.object({
        entries: z.array(AuditEntrySchema),
        next: z
          .number()
          .int()
          .nullable()
          .openapi({ description: "Pass as `after` for the next page; null at the end" }),
      }),
      "A page of entries",
    ),
    ...problemResponses,
  },
});

const auditHeadRoute = createRoute({
  ...base,
  method: "get",
  path: "/v1/audit/head",
  summary: "The audit log's last entry, to record outside the database",
  description:
    "Keep `seq` and `hash` somewhere the database's owner cannot write (a ticket, another system). Only they reveal a " +
    "log rewritten and rehashed from the start: `opendiscourse audit verify --expect SEQ:HASH`.",
  responses: {
    200: json(
      z.object({
        seq: z.number().int().openapi({ description: "Entries in the log (the last entry's seq)" }),
        hash: z.string().openapi({ description: "The last entry's hash (64 zeros when the log is empty)" }),
      }),
      "The head",
    ),
    ...problemResponses,
  },
});

// Registered by hand: the typed route helpers cannot return a stream for a JSON-lines content type.
const exportPath = {
  ...base,
  method: "get",
  path: "/v1/audit/export",
  summary: "The whole audit log as JSON lines (the export is itself audited)",
  responses: {
    200: { description: "One entry per line", content: { "application/x-ndjson": { schema: z.string() } } },
    ...problemResponses,
  },
} as const;

/** Who is acting, for the audit log: the request's identity and address. */
function actorOf(c: Context<AppEnv>): Actor {
  return { actor: c.get("identity").actor, ip: c.get("clientIp") };
}

/** The admin API: API keys, local users and the audit log. Every change is audited by the security core. */
export function registerAdminRoutes(app: OpenAPIHono<AppEnv>, services: Services) {
  const { keys, users, audit } = services.security;

  app.openapi(listKeysRoute, async (c) => c.json({ keys: await keys.list() }, 200));

  app.openapi(createKeyRoute, async (c) => {
    const input = c.req.valid("json");
    const { key, record } = await keys.create(
      { role: input.role, name: input.name ?? null, expiresAt: input.expiresAt ? new Date(input.expiresAt) : null },
      actorOf(c),
    );
    const { id, prefix, name, role, expiresAt } = record;
    return c.json({ id, key, prefix, name, role, expiresAt }, 201);
  });

  app.openapi(revokeKeyRoute, async (c) => c.json(await keys.revoke(c.req.valid("param").id, actorOf(c)), 200));

  app.openapi(listUsersRoute, async (c) => c.json({ users: await users.list() }, 200));

  app.openapi(createUserRoute, async (c) => c.json(await users.create(c.req.valid("json"), actorOf(c)), 201));

  app.openapi(updateUserRoute, async (c) => {
    const { id } = c.req.valid("param");
    const change = c.req.valid("json");
    const user = (await users.list()).find((u) => u.id === id);
    if (!user) throw new AppError("not_found", `no user ${id}`);
    // An admin cannot lock themselves out: another admin has to demote or disable them.
    const self = c.get("identity").actor === `user:${id}`;
    if (self && (change.disabled === true || (change.role !== undefined && change.role !== user.role))) {
      throw new AppError("conflict", "you cannot change your own role or disable yourself");
    }
    const by = actorOf(c);
    let updated = user;
    if (change.role !== undefined && change.role !== user.role)
      updated = await users.setRole(user.name, change.role, by);
    if (change.disabled === true) updated = await users.disable(user.name, by);
    if (change.disabled === false) updated = await users.enable(user.name, by);
    return c.json(updated, 200);
  });

  app.openapi(auditRoute, async (c) => {
    const query = c.req.valid("query");
    const limit = query.limit ?? 100;
    const entries = await audit.list({ afterSeq: query.after, limit, action: query.action, actor: query.actor });
    const next = entries.length === limit ? (entries.at(-1)?.seq ?? null) : null;
    return c.json({ entries, next }, 200);
  });

  app.openapi(auditHeadRoute, async (c) => {
    const { seq, hash } = await audit.head();
    return c.json({ seq, hash }, 200);
  });

  app.openAPIRegistry.registerPath(exportPath);
  app.get(exportPath.path, async (c) => {
    // Recorded before the first line is read, so the export cannot be taken without leaving a trace.
    await audit.append({ ...actorOf(c), action: "audit.export" });
    const lines = audit.exportJsonl()[Symbol.asyncIterator]();
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { value, done } = await lines.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      },
      async cancel() {
        await lines.return?.();
      },
    });
    const day = new Date().toISOString().slice(0, 10);
    return new Response(stream, {
      status: 200,
      headers: {
        "content-type": "application/x-ndjson",
        "content-disposition": `attachment; filename="opendiscourse-audit-${day}.jsonl"`,
        "cache-control": "no-store",
      },
    });
  });
}
