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

  "GET /v1/jobs": "jobs:read",
  "POST /v1/jobs/:id/retry": "jobs:retry",

  "GET /v1/bills/:billId": "documents:read",
  "GET /v1/people/:id": "documents:read",
  "GET /v1/citations/:target{.+}": "documents:read",
};
