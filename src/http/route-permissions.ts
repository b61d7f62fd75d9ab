import type { Permission } from "../core/security";

/**
 * What a route needs: a permission (checked against the caller's role), `authenticated` (any identity, whatever its
 * role), or `public` (no identity: health, sign-in, the API reference).
 */
export type RouteRule = Permission | "authenticated" | "public";

/**
 * The one route → rule table, keyed `METHOD path` with the path as Hono registers it (`/v1/documents/:id`). The
 * authorization middleware refuses any route missing here, and the authorization matrix test enumerates the app's
 * routes against it, so a new route cannot ship without a rule.
 */
export const ROUTE_PERMISSIONS: Record<string, RouteRule> = {
  "GET /healthz": "public",
  "GET /readyz": "public",
  "GET /metrics": "metrics:read",
  "GET /openapi.json": "public",
  "GET /docs": "public",
  "GET /docs/init.js": "public",
  "GET /docs/assets/:file": "public",

  "GET /v1/documents": "documents:read",
  "POST /v1/documents": "documents:write",
  "GET /v1/documents/:id": "documents:read",
  "GET /v1/documents/:id/text": "documents:read",
  "GET /v1/documents/:id/content": "documents:read",
  // Which documents a caller may delete depends on who uploaded them: the route checks `canDeleteDocument`.
  "DELETE /v1/documents/:id": "documents:delete-own",

  "GET /v1/search": "search:query",
  "POST /v1/search": "search:query",

  "GET /v1/jobs": "jobs:read",
  "POST /v1/jobs/:id/retry": "jobs:retry",
  // Reading or embedding the library again (after an upgrade, a new model), a bounded batch a call: Workers have no CLI.
  "POST /v1/reprocess": "settings:manage",
  "POST /v1/reembed": "settings:manage",

  "GET /v1/bills/:billId": "documents:read",
  "GET /v1/people/:id": "documents:read",
  "GET /v1/citations/:target{.+}": "documents:read",

  // Web app views: bill version comparison, document outline and related documents; live processing events.
  "GET /v1/bills/:billId/compare": "documents:read",
  "GET /v1/documents/:id/outline": "documents:read",
  "GET /v1/documents/:id/related": "documents:read",
  "GET /v1/jobs/events": "jobs:read",

  // Admin API: keys, users and the audit log (admin role, and only from the admin allowlist).
  "GET /v1/keys": "keys:manage",
  "POST /v1/keys": "keys:manage",
  "DELETE /v1/keys/:id": "keys:manage",
  "GET /v1/users": "users:manage",
  "POST /v1/users": "users:manage",
  "PATCH /v1/users/:id": "users:manage",
  "GET /v1/audit": "audit:read",
  "GET /v1/audit/export": "audit:read",
  // The audit head, recorded outside the database to catch a rewritten log.
  "GET /v1/audit/head": "audit:read",
  // Master key rotation over HTTP (Workers): rewrap a batch of data keys with the current master key.
  "POST /v1/encryption/rewrap": "settings:manage",

  // Sign-in: local accounts, OpenID Connect and the first-admin link answer before anyone is signed in.
  "GET /v1/auth/providers": "public",
  "POST /v1/auth/login": "public",
  "GET /v1/auth/me": "public",
  "POST /v1/auth/logout": "authenticated",
  "GET /v1/auth/oidc/start": "public",
  "GET /v1/auth/oidc/callback": "public",
  "POST /v1/auth/setup": "public",

  // Web app: its page and built files are public; the data it shows comes from the API, which checks each call.
  "GET /": "public",
  "GET /assets/:file": "public",
  "GET /*": "public",
};
