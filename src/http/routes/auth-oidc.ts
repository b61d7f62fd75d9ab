import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { AppError } from "../../core/errors";
import { createOidcSignIn, OIDC_FLOW_SECONDS, type OidcIdentity, type OidcSignIn } from "../../core/security/oidc";
import { parseRoleMapping } from "../../core/security/oidc-roles";
import type { Services } from "../../core/services";
import type { AppEnv } from "../app";
import { problemOnly as problem } from "../schemas";
import type { SignInSteps } from "./auth";

/** Binds an OpenID Connect callback to the browser that started the flow; scoped to the OIDC paths. */
const FLOW_COOKIE = "od_oidc";
const FLOW_COOKIE_PATH = "/v1/auth/oidc";

const oidcStartRoute = createRoute({
  method: "get",
  path: "/v1/auth/oidc/start",
  tags: ["auth"],
  summary: "Start signing in with the OpenID Connect provider (redirects there)",
  request: { query: z.object({ returnTo: z.string().max(2000).optional() }) },
  responses: {
    302: { description: "To the provider's authorization endpoint" },
    404: problem("No OpenID Connect provider is configured"),
    503: problem("The provider's metadata could not be read"),
  },
});

const oidcCallbackRoute = createRoute({
  method: "get",
  path: "/v1/auth/oidc/callback",
  tags: ["auth"],
  summary: "Where the provider returns the browser; starts the session and redirects to returnTo",
  responses: {
    302: { description: "Signed in: to the page the sign-in started from" },
    400: problem("The response does not belong to a sign-in started in this browser (state, expired flow)"),
    401: problem("The provider did not confirm the sign-in (code or ID token refused)"),
    403: problem("No role for this account, or the user refused"),
    404: problem("No OpenID Connect provider is configured"),
  },
});

/** The OpenID Connect client when issuer, client id and secret are all set; a malformed role map fails at start. */
function oidcFrom(services: Services): OidcSignIn | null {
  const { config } = services;
  if (!config.oidcIssuer || !config.oidcClientId || !config.oidcClientSecret) return null;
  const roles = parseRoleMapping({
    claim: config.oidcRoleClaim,
    map: config.oidcRoleMap,
    defaultRole: config.oidcDefaultRole,
  });
  return createOidcSignIn({
    settings: {
      issuer: config.oidcIssuer,
      clientId: config.oidcClientId,
      clientSecret: config.oidcClientSecret,
      roles,
    },
    kv: services.deps.kv,
  });
}

/**
 * Sign-in with the configured OpenID Connect provider: `start` sends the browser there, `callback` brings it back
 * signed in. Returns whether a provider is configured (both routes answer 404 otherwise, so the API is the same).
 */
export function registerOidcRoutes(app: OpenAPIHono<AppEnv>, services: Services, steps: SignInSteps): boolean {
  const { config } = services;
  const oidc = oidcFrom(services);
  const { signIn, refused } = steps;

  app.openapi(oidcStartRoute, async (c) => {
    if (!oidc) throw new AppError("not_found", "sign-in with an OpenID Connect provider is not configured");
    const redirectUri = `${(config.publicUrl ?? new URL(c.req.url).origin).replace(/\/+$/, "")}/v1/auth/oidc/callback`;
    const { authorizationUrl, flowId } = await oidc.start({ redirectUri, returnTo: c.req.valid("query").returnTo });
    setCookie(c, FLOW_COOKIE, flowId, {
      httpOnly: true,
      secure: true,
      sameSite: "Lax",
      path: FLOW_COOKIE_PATH,
      maxAge: OIDC_FLOW_SECONDS,
    });
    c.header("cache-control", "no-store");
    return c.redirect(authorizationUrl, 302);
  });

  app.openapi(oidcCallbackRoute, async (c) => {
    if (!oidc) throw new AppError("not_found", "sign-in with an OpenID Connect provider is not configured");
    const flowId = getCookie(c, FLOW_COOKIE);
    deleteCookie(c, FLOW_COOKIE, { path: FLOW_COOKIE_PATH, secure: true, httpOnly: true, sameSite: "Lax" });
    let identity: OidcIdentity;
    try {
      identity = await oidc.finish({ flowId, callbackUrl: new URL(c.req.url) });
    } catch (error) {
      if (error instanceof AppError) await refused(c, { via: "oidc", reason: error.message });
      throw error;
    }
    await signIn(c, { actor: identity.actor, role: identity.role, name: identity.name, via: "oidc" });
    return c.redirect(identity.returnTo, 302);
  });
  return oidc !== null;
}
