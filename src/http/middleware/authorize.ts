import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { AppError } from "../../core/errors";
import type { Logger } from "../../core/observability";
import { ANONYMOUS_READ, can, PERMISSIONS } from "../../core/security";
import type { AppEnv } from "../app";
import { problemResponse } from "../problem";
import { ROUTE_PERMISSIONS, type RouteRule } from "../route-permissions";
import type { AddressRanges } from "./address-ranges";
import { unauthorized } from "./authenticate";

const ANONYMOUS_RULES: ReadonlySet<RouteRule> = new Set<RouteRule>(ANONYMOUS_READ);

/** Permissions only admins hold (keys, users, audit, metrics, settings…): their routes answer only from the allowlist. */
export function isAdminPermission(rule: RouteRule): boolean {
  if (rule === "public" || rule === "authenticated") return false;
  const roles: readonly string[] = PERMISSIONS[rule];
  return roles.length > 0 && roles.every((role) => role === "admin");
}

/**
 * The route that will answer, as `METHOD /path` the way ROUTE_PERMISSIONS keys it, or null when no route matches
 * (the not-found handler answers). The app's middleware (`use("*")`: method ALL, path `/*`) is skipped; any other
 * ALL route (`app.all`) is a route like the rest and needs an `ALL /path` rule. HEAD is routed to GET routes by
 * Hono, so it is judged by the GET rule.
 */
export function matchedRouteKey(c: Context): string | null {
  const route = matchedRoutes(c).find((r) => !isMiddleware(r));
  return route ? `${route.method} ${route.path}` : null;
}

/** Whether an entry of `app.routes` is the app-wide middleware rather than a route. */
export function isMiddleware(route: { method: string; path: string }): boolean {
  return route.method === "ALL" && route.path === "/*";
}

/**
 * Judges the request against the route's rule, after authentication:
 * - no rule: 403, and an error in the log naming the route — a route nobody classified is closed, never open;
 * - `public`: allowed;
 * - anonymous: 401 with `WWW-Authenticate: Bearer`, except reads and searches when `anonymousRead` is on;
 * - a role without the permission: 403;
 * - an admin-only permission from an address outside `adminAllowlist` (or an unknown address): 403, even with an
 *   admin credential, so a leaked admin key is useless from outside the operators' network.
 */
export function authorize(options: {
  anonymousRead: boolean;
  adminAllowlist: AddressRanges;
  logger?: Logger;
}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = matchedRouteKey(c);
    if (key === null) return next();
    const rule = ROUTE_PERMISSIONS[key];
    if (rule === undefined) {
      options.logger?.error({ route: key, requestId: c.get("requestId") }, "route has no access rule; refused");
      return problemResponse(c, new AppError("forbidden", "this route is not open to any caller"));
    }
    if (rule === "public") return next();

    const identity = c.get("identity");
    if (identity.role === null) {
      if (options.anonymousRead && ANONYMOUS_RULES.has(rule)) return next();
      return unauthorized(c, "sign in or send an API key (Authorization: Bearer od_…)");
    }
    if (rule !== "authenticated" && !can(identity.role, rule)) {
      return problemResponse(c, new AppError("forbidden", `the ${identity.role} role may not do this (${rule})`));
    }
    if (isAdminPermission(rule) && !options.adminAllowlist.includes(c.get("clientIp"))) {
      return problemResponse(c, new AppError("forbidden", "admin routes answer only from the admin allowlist"));
    }
    return next();
  };
}
