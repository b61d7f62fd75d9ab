import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppConfig } from "../../core/config";
import { AppError, isAppError } from "../../core/errors";
import { ANONYMOUS_READ, can, PERMISSIONS, type Permission, type Role } from "../../core/security";
import type { Services } from "../../core/services";
import type { AppEnv } from "../app";
import type { AuthFailureGuard } from "../middleware/auth-failures";
import { SESSION_COOKIE } from "../middleware/authenticate";
import { problemOnly as problem, problemResponses, RoleSchema, SignedInSchema } from "../schemas";
import { registerOidcRoutes } from "./auth-oidc";

const CredentialsSchema = z.object({ name: z.string().min(1).max(64), password: z.string().min(1).max(1024) });

const providersRoute = createRoute({
  method: "get",
  path: "/v1/auth/providers",
  tags: ["auth"],
  summary: "The sign-in methods this server offers, and whether the first admin still has to be created",
  responses: {
    200: {
      description: "Sign-in methods",
      content: {
        "application/json": {
          schema: z.object({ password: z.boolean(), oidc: z.boolean(), setupRequired: z.boolean() }),
        },
      },
    },
  },
});

const loginRoute = createRoute({
  method: "post",
  path: "/v1/auth/login",
  tags: ["auth"],
  summary: "Sign in with a local account; sets the od_session cookie",
  request: { body: { required: true, content: { "application/json": { schema: CredentialsSchema } } } },
  responses: {
    200: { description: "Signed in", content: { "application/json": { schema: SignedInSchema } } },
    400: problemResponses[400],
    401: problem("Wrong name or password (also for a disabled account)"),
    403: problem("Sent from another site (Origin)"),
    429: problem(
      "The account is locked after repeated failures, or this address failed too often; Retry-After says for how long",
    ),
  },
});

const meRoute = createRoute({
  method: "get",
  path: "/v1/auth/me",
  tags: ["auth"],
  summary: "Who the caller is (anonymous too) and what their role allows",
  responses: {
    200: {
      description: "The caller",
      content: {
        "application/json": {
          schema: z.object({
            actor: z.string(),
            role: RoleSchema.nullable(),
            name: z.string().nullable(),
            via: z.enum(["key", "session", "anonymous"]),
            csrfToken: z.string().optional(),
            permissions: z.array(z.string()),
          }),
        },
      },
    },
  },
});

const logoutRoute = createRoute({
  method: "post",
  path: "/v1/auth/logout",
  tags: ["auth"],
  summary: "End the browser session and clear its cookie (needs X-CSRF-Token)",
  responses: { 204: { description: "Signed out" }, 401: problemResponses[401], 403: problemResponses[403] },
});

const setupRoute = createRoute({
  method: "post",
  path: "/v1/auth/setup",
  tags: ["auth"],
  summary: "Create the first admin with the one-time link printed at first start, and sign in",
  request: {
    body: {
      required: true,
      content: {
        "application/json": { schema: CredentialsSchema.extend({ token: z.string().min(1).max(200) }) },
      },
    },
  },
  responses: {
    201: { description: "Admin created and signed in", content: { "application/json": { schema: SignedInSchema } } },
    400: problemResponses[400],
    403: problem("Wrong, used or expired setup token, or sent from another site"),
    409: problem("An admin already exists"),
    429: problem("This address failed too often (wrong tokens, keys or passwords); Retry-After says for how long"),
  },
});

/** The origin users reach us at: `publicUrl` when set (behind a proxy), else the request's own. */
function siteOrigin(c: Context<AppEnv>, config: AppConfig): string {
  return config.publicUrl ? new URL(config.publicUrl).origin : new URL(c.req.url).origin;
}

/**
 * Refuses a sign-in posted from another site (login CSRF: signing a victim's browser into the attacker's account).
 * Browsers send `Origin` on every cross-site POST; a request without it comes from a non-browser client.
 */
function checkOrigin(c: Context<AppEnv>, config: AppConfig): void {
  const origin = c.req.header("origin");
  if (origin === undefined) return;
  const allowed = new Set([new URL(c.req.url).origin, siteOrigin(c, config)]);
  for (const o of config.corsOrigins.split(",")) if (o.trim()) allowed.add(o.trim());
  if (!allowed.has(origin)) throw new AppError("forbidden", "sign-in requests from another site are refused");
}

function permissionsOf(role: Role | null, anonymousRead: boolean): Permission[] {
  if (!role) return anonymousRead ? [...ANONYMOUS_READ] : [];
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(role, p));
}

/** Who a sign-in is for, whichever way they proved it. */
export interface SignInSubject {
  actor: string;
  role: Role;
  name: string;
  via: "password" | "oidc";
}

/** What every way of signing in shares: starting the session (cookie, audit) and recording a refusal. */
export interface SignInSteps {
  signIn(c: Context<AppEnv>, who: SignInSubject): Promise<z.infer<typeof SignedInSchema>>;
  refused(
    c: Context<AppEnv>,
    details: { via: string; reason: string; name?: string; target?: string },
  ): Promise<unknown>;
}

/**
 * Sign-in routes. `failures` throttles failed password sign-ins per client address (beside each account's own
 * lockout), so one address spraying passwords over many accounts is slowed too.
 */
export function registerAuthRoutes(
  app: OpenAPIHono<AppEnv>,
  services: Services,
  options: { failures?: AuthFailureGuard } = {},
) {
  const { security, config } = services;
  const { failures } = options;
  const tooMany = (c: Context<AppEnv>, seconds: number) => {
    // Set on the context, so the problem response the error handler builds carries it.
    c.header("retry-after", String(seconds));
    return new AppError("rate_limited", `too many failed sign-ins from this address; retry in ${seconds} seconds`, {
      retryAfter: seconds,
    });
  };

  /** Starts a session, replacing any the browser already had (no session outlives a new sign-in on it). */
  const signIn: SignInSteps["signIn"] = async (c, who) => {
    const previous = getCookie(c, SESSION_COOKIE);
    if (previous) await security.sessions.end(previous);
    const { id, record } = await security.sessions.create(who);
    setCookie(c, SESSION_COOKIE, id, {
      httpOnly: true,
      secure: true,
      sameSite: "Lax",
      path: "/",
      maxAge: config.sessionTtlSeconds,
    });
    await security.audit.append({
      actor: who.actor,
      ip: c.get("clientIp"),
      action: "auth.login",
      target: who.actor,
      after: { via: who.via, role: who.role, name: who.name },
    });
    c.header("cache-control", "no-store");
    return { actor: record.actor, role: record.role, name: record.name, csrfToken: record.csrfToken };
  };

  const refused: SignInSteps["refused"] = (c, details) =>
    security.audit.append({
      actor: "anonymous",
      ip: c.get("clientIp"),
      action: "auth.login-refused",
      target: details.target ?? null,
      after: { via: details.via, reason: details.reason, ...(details.name ? { name: details.name } : {}) },
    });

  const oidcEnabled = registerOidcRoutes(app, services, { signIn, refused });

  app.openapi(providersRoute, async (c) => {
    const [users, setupRequired] = await Promise.all([security.users.list(), security.setup.required()]);
    return c.json({ password: users.some((u) => !u.disabledAt), oidc: oidcEnabled, setupRequired }, 200);
  });

  app.openapi(loginRoute, async (c) => {
    checkOrigin(c, config);
    const { name, password } = c.req.valid("json");
    const ip = c.get("clientIp");
    // Refused before the password is hashed or the attempt audited: a flood costs neither CPU nor log space.
    const wait = failures?.waitSeconds(ip) ?? 0;
    if (wait > 0) throw tooMany(c, wait);
    const result = await security.users.verify(name, password, { ip });
    if (result.ok) {
      const { principal } = result;
      return c.json(await signIn(c, { ...principal, via: "password" }), 200);
    }
    const user = await security.users.get(name.trim());
    await refused(c, { via: "password", reason: result.reason, name, target: user ? `user:${user.id}` : undefined });
    const over = (await failures?.failed(ip)) ?? 0;
    if (over > 0) throw tooMany(c, over);
    if (result.reason === "locked") {
      const seconds = Math.max(1, Math.ceil((Date.parse(result.lockedUntil ?? "") - Date.now()) / 1000) || 60);
      // Set on the context, so the problem response the error handler builds carries it.
      c.header("retry-after", String(seconds));
      throw new AppError("rate_limited", "too many failed sign-ins: the account is locked for a while", {
        lockedUntil: result.lockedUntil,
      });
    }
    // A disabled account answers as a wrong password does: the answer must not tell which names exist.
    throw new AppError("unauthorized", "wrong name or password");
  });

  app.openapi(meRoute, (c) => {
    const identity = c.get("identity");
    return c.json(
      {
        actor: identity.actor,
        role: identity.role,
        name: identity.name ?? null,
        via: identity.via,
        ...(identity.csrfToken ? { csrfToken: identity.csrfToken } : {}),
        permissions: permissionsOf(identity.role, config.anonymousRead),
      },
      200,
      { "cache-control": "no-store" },
    );
  });

  app.openapi(logoutRoute, async (c) => {
    const identity = c.get("identity");
    const id = getCookie(c, SESSION_COOKIE);
    if (id) await security.sessions.end(id);
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true, httpOnly: true, sameSite: "Lax" });
    if (identity.via === "session") {
      await security.audit.append({ actor: identity.actor, ip: c.get("clientIp"), action: "auth.logout" });
    }
    return c.body(null, 204);
  });

  app.openapi(setupRoute, async (c) => {
    checkOrigin(c, config);
    const body = c.req.valid("json");
    const ip = c.get("clientIp");
    // A wrong token is a failed credential like a wrong password: counted, and refused up front once too many.
    const wait = failures?.waitSeconds(ip) ?? 0;
    if (wait > 0) throw tooMany(c, wait);
    const user = await security.setup.complete(body, { ip }).catch(async (error: unknown) => {
      const over = isAppError(error) && error.code === "forbidden" ? ((await failures?.failed(ip)) ?? 0) : 0;
      throw over > 0 ? tooMany(c, over) : error;
    });
    const actor = `user:${user.id}`;
    return c.json(await signIn(c, { actor, role: user.role, name: user.name, via: "password" }), 201);
  });
}
