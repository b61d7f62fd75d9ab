import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Hono, type MiddlewareHandler } from "hono";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { multipart, openTestRuntime } from "../../../test/support/runtime";
import { type NodeSqlDatabase, openSqliteDatabase } from "../../adapters/node/sqlite-database";
import { createSqliteRateLimiter } from "../../adapters/node/sqlite-rate-limiter";
import { AppError } from "../../core/errors";
import type { RateLimiter } from "../../core/ports";
import type { AppEnv } from "../app";
import { ANONYMOUS } from "../identity";
import { problemResponse } from "../problem";
import { corsAllowlist, jsonBodyLimit, rateLimit, securityHeaders } from "./hardening";

/**
 * A small app in the shape of the real one: identity and client address come from test headers (standing in for
 * authentication and the client-ip middleware), errors become problems, then the middleware under test.
 */
function testApp(...middleware: MiddlewareHandler<AppEnv>[]) {
  const app = new Hono<AppEnv>();
  app.use("*", async (c, next) => {
    c.set("requestId", "test");
    const actor = c.req.header("x-test-actor");
    c.set("identity", actor ? { actor, role: "viewer", via: "key" } : ANONYMOUS);
    c.set("clientIp", c.req.header("x-test-ip") ?? null);
    await next();
  });
  for (const m of middleware) app.use("*", m);
  app.onError((error, c) => problemResponse(c, error));
  app.notFound((c) => problemResponse(c, new AppError("not_found", "no route")));
  app.get("/v1/things", (c) => c.json({ ok: true }));
  app.get("/healthz", (c) => c.json({ ok: true }));
  app.get("/v1/broken", () => {
    throw new AppError("forbidden", "no");
  });
  app.get("/v1/sandboxed", (c) => c.body("x", 200, { "content-security-policy": "sandbox; default-src 'none'" }));
  app.post("/v1/echo", async (c) => c.json({ bytes: (await c.req.arrayBuffer()).byteLength }));
  return app;
}

describe("securityHeaders", () => {
  const app = testApp(securityHeaders({}));

  it("sends the policy, HSTS and the anti-sniffing and anti-framing headers", async () => {
    const res = await app.request("/v1/things");
    expect(res.headers.get("content-security-policy")).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'",
    );
    expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("cross-origin-opener-policy")).toBe("same-origin");
  });

  it("covers error answers too, and keeps a policy a route set itself", async () => {
    const refused = await app.request("/v1/broken");
    expect(refused.status).toBe(403);
    expect(refused.headers.get("x-frame-options")).toBe("DENY");
    expect((await app.request("/nowhere")).headers.get("content-security-policy")).toContain("default-src 'self'");
    const sandboxed = await app.request("/v1/sandboxed");
    expect(sandboxed.headers.get("content-security-policy")).toBe("sandbox; default-src 'none'");
  });

  it("leaves HSTS out when the public address is plain http", async () => {
    const plain = testApp(securityHeaders({ publicUrl: "http://intranet.example:8080" }));
    const res = await plain.request("/v1/things");
    expect(res.headers.get("strict-transport-security")).toBeNull();
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("corsAllowlist", () => {
  const app = testApp(corsAllowlist({ corsOrigins: " https://app.example.org/ , https://ops.example.org" }));

  it("answers a listed origin with its own origin and credentials", async () => {
    const res = await app.request("/v1/things", { headers: { origin: "https://app.example.org" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("https://app.example.org");
    expect(res.headers.get("access-control-allow-credentials")).toBe("true");
    expect(res.headers.get("access-control-expose-headers")).toBe("X-Request-Id,Retry-After");
    expect(res.headers.get("vary")).toContain("Origin");
  });

  it("gives an unlisted origin no CORS headers at all", async () => {
    for (const origin of ["https://evil.example", "https://app.example.org.evil.example", "null"]) {
      const res = await app.request("/v1/things", { headers: { origin } });
      expect(res.status).toBe(200);
      const cors = [...res.headers.keys()].filter((name) => name.startsWith("access-control-"));
      expect(cors).toEqual([]);
      expect(res.headers.get("vary")).toContain("Origin");
    }
  });

  it("answers a listed origin's preflight, and passes an unlisted one on without CORS headers", async () => {
    const preflight = (origin: string) =>
      app.request("/v1/things", {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "DELETE",
          "access-control-request-headers": "x-csrf-token, content-type",
        },
      });
    const listed = await preflight("https://ops.example.org");
    expect(listed.status).toBe(204);
    expect(listed.headers.get("access-control-allow-origin")).toBe("https://ops.example.org");
    expect(listed.headers.get("access-control-allow-methods")).toContain("DELETE");
    expect(listed.headers.get("access-control-allow-headers")?.split(",")).toEqual([
      "Authorization",
      "X-API-Key",
      "Content-Type",
      "X-CSRF-Token",
      "X-Request-Id",
    ]);
    const unlisted = await preflight("https://evil.example");
    expect(unlisted.status).toBe(404);
    expect(unlisted.headers.get("access-control-allow-origin")).toBeNull();
    expect(unlisted.headers.get("access-control-allow-methods")).toBeNull();
  });

  it("does nothing when no origin is configured", async () => {
    const closed = testApp(corsAllowlist({ corsOrigins: "" }));
    const res = await closed.request("/v1/things", { headers: { origin: "https://app.example.org" } });
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
  });
});

describe("rateLimit", () => {
  let db: NodeSqlDatabase;
  let limiter: RateLimiter;
  // 20 s into a minute: the window ends in 40 s.
  const now = () => Date.UTC(2026, 0, 1, 9, 30, 20);

  beforeEach(() => {
    db = openSqliteDatabase({ path: ":memory:" });
    limiter = createSqliteRateLimiter({ db, limit: 3, now });
  });
  afterEach(async () => {
    await db.close();
  });

  const get = (app: Hono<AppEnv>, headers: Record<string, string>, path = "/v1/things") =>
    app.request(path, { headers });

  it("answers 429 problem with Retry-After once a caller used its allowance, with RateLimit headers before", async () => {
    const app = testApp(rateLimit({ limiter, perMinute: 3 }));
    const caller = { "x-test-actor": "key:alice", "x-test-ip": "192.0.2.1" };
    const first = await get(app, caller);
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit-limit")).toBe("3");
    expect(first.headers.get("ratelimit-remaining")).toBe("2");
    expect(first.headers.get("ratelimit-reset")).toBe("40");
    await get(app, caller);
    expect((await get(app, caller)).status).toBe(200);
    const refused = await get(app, caller);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(refused.headers.get("retry-after")).toBe("40");
    expect(refused.headers.get("ratelimit-remaining")).toBe("0");
    const problem = (await refused.json()) as { code: string; status: number; retryAfter: number };
    expect(problem).toMatchObject({ code: "rate_limited", status: 429, retryAfter: 40 });
  });

  it("counts a signed-in caller by actor wherever it connects from, and anonymous callers by address", async () => {
    const app = testApp(rateLimit({ limiter, perMinute: 3 }));
    const statuses = async (headers: Record<string, string>[]) =>
      Promise.all(headers.map(async (h) => (await get(app, h)).status));
    // Alice from three addresses: one allowance.
    expect(
      await statuses(
        ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"].map((ip) => ({
          "x-test-actor": "key:alice",
          "x-test-ip": ip,
        })),
      ),
    ).toEqual([200, 200, 200, 429]);
    // Bob, from Alice's address, has his own.
    expect((await get(app, { "x-test-actor": "key:bob", "x-test-ip": "192.0.2.1" })).status).toBe(200);
    // Anonymous callers: one allowance per address, apart from the actors'.
    const anonymous = { "x-test-ip": "198.51.100.5" };
    expect(await statuses([anonymous, anonymous, anonymous, anonymous])).toEqual([200, 200, 200, 429]);
    expect((await get(app, { "x-test-ip": "198.51.100.6" })).status).toBe(200);
  });

  it("never limits the health probes", async () => {
    const app = testApp(rateLimit({ limiter, perMinute: 3 }));
    for (let i = 0; i < 6; i++) expect((await get(app, { "x-test-ip": "192.0.2.9" }, "/healthz")).status).toBe(200);
    expect((await get(app, { "x-test-ip": "192.0.2.9" })).status).toBe(200);
  });

  it("does nothing when turned off or without a limiter", async () => {
    for (const app of [
      testApp(rateLimit({ limiter, perMinute: 0 })),
      testApp(rateLimit({ limiter: undefined, perMinute: 3 })),
    ]) {
      for (let i = 0; i < 5; i++) {
        const res = await get(app, { "x-test-ip": "192.0.2.10" });
        expect(res.status).toBe(200);
        expect(res.headers.get("ratelimit-limit")).toBeNull();
      }
    }
  });

  it("serves the request and reports the failure when the limiter fails", async () => {
    const errors: unknown[] = [];
    const failing: RateLimiter = {
      limit: async () => {
        throw new Error("counter store unreachable");
      },
    };
    const app = testApp(rateLimit({ limiter: failing, perMinute: 3, onError: (e) => errors.push(e) }));
    expect((await get(app, { "x-test-ip": "192.0.2.11" })).status).toBe(200);
    expect(errors).toHaveLength(1);
  });

  it("waits a whole period when the limiter does not say when its window ends (the Workers binding)", async () => {
    const binding: RateLimiter = { limit: async () => ({ success: false }) };
    const res = await get(testApp(rateLimit({ limiter: binding, perMinute: 600 })), { "x-test-ip": "192.0.2.12" });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("60");
    expect(res.headers.get("ratelimit-limit")).toBe("600");
  });
});

describe("jsonBodyLimit", () => {
  const app = testApp(jsonBodyLimit({ maxBytes: 1024 }));
  const json = (size: number) => JSON.stringify({ text: "a".repeat(size - 11) });

  it("passes a body within the limit and refuses a larger one with a 413 problem", async () => {
    const small = await app.request("/v1/echo", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: json(1024),
    });
    expect(small.status).toBe(200);
    expect(await small.json()).toEqual({ bytes: 1024 });
    const large = await app.request("/v1/echo", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: json(1025),
    });
    expect(large.status).toBe(413);
    expect(large.headers.get("content-type")).toBe("application/problem+json");
    expect(await large.json()).toMatchObject({ code: "payload_too_large" });
  });

  it("counts a streamed body with no length as it is read", async () => {
    const chunk = new TextEncoder().encode("a".repeat(600));
    const stream = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(chunk);
          controller.enqueue(chunk);
          controller.close();
        },
      });
    const res = await app.request("/v1/echo", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: stream(),
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    // Without a content type, the limit holds as well.
    const untyped = await app.request("/v1/echo", { method: "POST", body: "b".repeat(2000) });
    expect(untyped.status).toBe(413);
  });

  it("leaves multipart uploads to the upload route's own limit", async () => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(4096)]), "big.pdf");
    const res = await app.request("/v1/echo", { method: "POST", body: form });
    expect(res.status).toBe(200);
  });

  it("defaults to 1 MiB", async () => {
    const defaults = testApp(jsonBodyLimit());
    const post = (size: number) =>
      defaults.request("/v1/echo", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: json(size),
      });
    expect((await post(1024 * 1024)).status).toBe(200);
    expect((await post(1024 * 1024 + 1)).status).toBe(413);
  });
});

describe("the app's hardening", () => {
  let env: Awaited<ReturnType<typeof openTestRuntime>>;
  const ORIGIN = "https://app.example.org";

  beforeAll(async () => {
    env = await openTestRuntime({ embedder: "none", rateLimitPerMinute: 3, corsOrigins: ORIGIN });
  });
  afterAll(async () => env?.close());

  it("sends the security headers on pages, answers and refusals alike", async () => {
    const docs = await env.app.request("/docs", { headers: await env.auth("viewer") });
    expect(docs.headers.get("content-type")).toMatch(/^text\/html/);
    const refused = await env.app.request("/v1/documents");
    expect(refused.status).toBe(401);
    for (const res of [docs, refused]) {
      expect(res.headers.get("content-security-policy")).toContain("script-src 'self';");
      expect(res.headers.get("content-security-policy")).not.toContain("unsafe-inline");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("answers a listed origin's preflight before authentication, and its refusals carry CORS headers", async () => {
    const preflight = await env.app.request("/v1/documents", {
      method: "OPTIONS",
      headers: { origin: ORIGIN, "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    const refused = await env.app.request("/v1/documents", { headers: { origin: ORIGIN } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    const other = await env.app.request("/v1/documents", {
      headers: { origin: "https://evil.example", ...(await env.auth("viewer")) },
    });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("limits each key per minute in the database, and never the health probes", async () => {
    const editor = await env.auth("editor");
    const statuses: number[] = [];
    let refused: Response | undefined;
    // Three a minute; a minute boundary may fall between two requests, so a refusal comes within seven.
    for (let i = 0; i < 7 && !refused; i++) {
      const res = await env.app.request("/v1/jobs", { headers: editor });
      statuses.push(res.status);
      if (res.status === 429) refused = res;
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(refused?.headers.get("content-type")).toBe("application/problem+json");
    const retryAfter = Number(refused?.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await env.app.request("/v1/jobs", { headers: await env.auth("admin") })).status).not.toBe(429);
    for (let i = 0; i < 5; i++) expect((await env.app.request("/healthz", { headers: editor })).status).toBe(200);
  });

  it("refuses a JSON body over 1 MiB, but not a larger upload", async () => {
    const headers = { ...(await env.auth("admin")), "content-type": "application/json" };
    const big = JSON.stringify({ name: "x", password: "p".repeat(2 * 1024 * 1024) });
    const res = await env.app.request("/v1/auth/login", { method: "POST", headers, body: big });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: "payload_too_large" });
    const upload = await env.app.request("/v1/documents", {
      method: "POST",
      headers: await env.auth("admin"),
      body: multipart([{ name: "long.txt", bytes: "Hearing transcript. ".repeat(80_000), type: "text/plain" }]),
    });
    expect(upload.status).toBe(202);
  });

  it("counts requests outside the main database, so another process's write there does not stall them", async () => {
    // Another connection (as a CLI ingest would hold one) keeps the main database's write lock: a request whose
    // count had to wait for it would stall, with the whole server, for the 10 s busy timeout.
    const other = openSqliteDatabase({ path: join(env.dataDir, "opendiscourse.db") });
    other.raw.exec("BEGIN IMMEDIATE");
    try {
      const started = Date.now();
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await env.app.request("/v1/documents")).status);
      expect(statuses.at(-1)).toBe(429);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      other.raw.exec("ROLLBACK");
      await other.close();
    }
    expect(readdirSync(env.dataDir)).toContain("rate-limits.db");
  });
});
