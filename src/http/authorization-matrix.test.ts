import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestRuntime } from "../../test/support/runtime";
import { can, createSecurity, type Permission, type Role } from "../core/security";
import { createApp } from "./app";
import { isAdminPermission, isMiddleware } from "./middleware/authorize";
import { ROUTE_PERMISSIONS, type RouteRule } from "./route-permissions";

type Caller =
  | { kind: "none" | "bad" | "revoked" | "expired" }
  | { kind: "role"; role: Role }
  | { kind: "admin-outside" };

const CALLERS: Caller[] = [
  { kind: "none" },
  { kind: "bad" },
  { kind: "revoked" },
  { kind: "expired" },
  { kind: "role", role: "viewer" },
  { kind: "role", role: "editor" },
  { kind: "role", role: "admin" },
  { kind: "admin-outside" },
];

const callerName = (c: Caller) => (c.kind === "role" ? c.role : c.kind);

/** What the caller must get: 401, 403, or "allowed" (any status but those two). */
function expected(rule: RouteRule, caller: Caller): 401 | 403 | "allowed" {
  switch (caller.kind) {
    case "bad":
    case "revoked":
    case "expired":
      return 401;
    case "none":
      return rule === "public" ? "allowed" : 401;
    case "role":
      if (rule === "public" || rule === "authenticated") return "allowed";
      return can(caller.role, rule) ? "allowed" : 403;
    case "admin-outside":
      return rule !== "public" && rule !== "authenticated" && isAdminPermission(rule) ? 403 : "allowed";
  }
}

/** A concrete path for a route: every parameter and wildcard filled with an id that does not exist. */
function concretePath(path: string): string {
  return path.replace(/:[A-Za-z0-9_]+(\{[^}]*\})?/g, "missing-0").replace(/\*/g, "missing-0");
}

describe("authorization matrix: every route × every kind of caller", () => {
  let t: Awaited<ReturnType<typeof openTestRuntime>>;
  const headers = new Map<string, Record<string, string>>();
  let routes: { method: string; path: string; rule: RouteRule | undefined }[];

  beforeAll(async () => {
    // Behind a proxy: the socket (127.0.0.1 in the test runtime) is the proxy, the right-most X-Forwarded-For entry
    // the client. A client writing a loopback address further left gains nothing.
    // Hundreds of refused keys come from one address here: a high limit keeps its failure throttle out of the way.
    t = await openTestRuntime({ embedder: "none", trustProxy: "x-forwarded-for", rateLimitPerMinute: 100_000 });
    const keys = t.services.security.keys;
    const revoked = await keys.create({ role: "admin", name: "revoked" }, { actor: "cli" });
    await keys.revoke(revoked.record.id, { actor: "cli" });
    // Created by a clock two days behind, to expire a day ago: the real expiry check, on a real row.
    const past = createSecurity({
      db: t.services.deps.db,
      kv: t.services.deps.kv,
      now: () => new Date(Date.now() - 2 * 86_400_000),
    });
    const expired = await past.keys.create(
      { role: "admin", name: "expired", expiresAt: new Date(Date.now() - 86_400_000) },
      { actor: "cli" },
    );
    const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
    headers.set("none", {});
    headers.set("bad", bearer(`od_${"a".repeat(10)}_${"b".repeat(52)}`));
    headers.set("revoked", bearer(revoked.key));
    headers.set("expired", bearer(expired.key));
    for (const role of ["viewer", "editor", "admin"] as const) headers.set(role, await t.auth(role));
    headers.set("admin-outside", { ...(await t.auth("admin")), "x-forwarded-for": "127.0.0.1, 203.0.113.7" });

    const seen = new Set<string>();
    routes = [];
    for (const r of t.app.routes) {
      if (isMiddleware(r)) continue;
      const key = `${r.method} ${r.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      routes.push({ method: r.method, path: r.path, rule: ROUTE_PERMISSIONS[key] });
    }
  });
  afterAll(async () => t?.close());

  it("has a rule for every route, and a route for every rule", () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((r) => r.rule === undefined).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    const keys = new Set(routes.map((r) => `${r.method} ${r.path}`));
    expect(Object.keys(ROUTE_PERMISSIONS).filter((k) => !keys.has(k))).toEqual([]);
  });

  it("answers every route as its rule says, for every caller", async () => {
    const mismatches: string[] = [];
    for (const route of routes) {
      for (const caller of CALLERS) {
        const name = callerName(caller);
        const res = await t.app.request(concretePath(route.path), {
          method: route.method === "ALL" ? "GET" : route.method,
          headers: headers.get(name),
        });
        await res.body?.cancel();
        const want = expected(route.rule ?? "public", caller);
        const got = res.status === 401 || res.status === 403 ? res.status : "allowed";
        if (got !== want) mismatches.push(`${route.method} ${route.path} as ${name}: ${res.status}, expected ${want}`);
        if (res.status === 401) expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("lets anonymous callers read and search with anonymousRead on, and nothing else", async () => {
    const services = { ...t.services, config: { ...t.services.config, anonymousRead: true } };
    const app = createApp(services, { metrics: t.runtime.metrics, remoteAddress: () => "127.0.0.1" });
    const mismatches: string[] = [];
    for (const route of routes) {
      const res = await app.request(concretePath(route.path), {
        method: route.method === "ALL" ? "GET" : route.method,
      });
      await res.body?.cancel();
      const open = route.rule === "public" || route.rule === "documents:read" || route.rule === "search:query";
      const want = open ? "allowed" : 401;
      const got = res.status === 401 || res.status === 403 ? res.status : "allowed";
      if (got !== want) mismatches.push(`${route.method} ${route.path}: ${res.status}, expected ${want}`);
      // Sign-in and first setup are public writes by design; no permission-guarded write opens up (a search sent as a
      // JSON body reads).
      const reads = route.method === "GET" || `${route.method} ${route.path}` === "POST /v1/search";
      if (open && route.rule !== "public" && !reads) {
        mismatches.push(`${route.method} ${route.path} is a write open to anonymous`);
      }
    }
    expect(mismatches).toEqual([]);
    const search = await app.request("/v1/search?q=anything");
    expect(search.status).toBe(200);
  });

  it("judges HEAD by the GET route's rule", async () => {
    expect((await t.app.request("/v1/documents", { method: "HEAD" })).status).toBe(401);
    expect((await t.app.request("/v1/documents", { method: "HEAD", headers: headers.get("viewer") })).status).toBe(200);
    expect((await t.app.request("/v1/keys", { method: "HEAD", headers: headers.get("viewer") })).status).toBe(403);
    expect((await t.app.request("/healthz", { method: "HEAD" })).status).toBe(200);
  });

  it("refuses a route nobody classified, and answers unknown paths 404", async () => {
    const app = createApp(t.services, { remoteAddress: () => "127.0.0.1" });
    app.post("/v1/unclassified", (c) => c.text("should not be reached"));
    app.all("/v1/any-method", (c) => c.text("should not be reached"));
    for (const [path, method] of [
      ["/v1/unclassified", "POST"],
      ["/v1/any-method", "PUT"],
    ] as const) {
      const res = await app.request(path, { method, headers: headers.get("admin") });
      expect(res.status, path).toBe(403);
      expect(await res.text()).not.toContain("should not be reached");
    }
    expect((await t.app.request("/v1/no-such-route")).status).toBe(404);
  });

  it("counts permissions held only by admins as admin routes", () => {
    const admin: Permission[] = ["keys:manage", "users:manage", "audit:read", "metrics:read", "jobs:retry"];
    for (const p of admin) expect(isAdminPermission(p)).toBe(true);
    for (const p of ["documents:read", "documents:write", "documents:delete-own", "jobs:read"] as const) {
      expect(isAdminPermission(p)).toBe(false);
    }
  });
});
