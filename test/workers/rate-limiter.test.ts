import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createKvRateLimiter } from "../../src/adapters/cloudflare/kv-rate-limiter";
import { createWorkerRuntime } from "../../src/apps/worker/runtime";
import type { RateLimiter } from "../../src/core/ports";
import type { AppEnv } from "../../src/http/app";
import { ANONYMOUS } from "../../src/http/identity";
import { rateLimit } from "../../src/http/middleware/hardening";

// A second binding with a small limit (wrangler.test.jsonc); RATE_LIMITER itself is set high for the other tests.
const small = (env as unknown as { RATE_LIMITER_SMALL: RateLimit }).RATE_LIMITER_SMALL;

function limitedApp(limiter: RateLimiter, perMinute: number) {
  const app = new Hono<AppEnv>();
  app.use("*", async (c, next) => {
    c.set("identity", ANONYMOUS);
    c.set("clientIp", c.req.header("cf-connecting-ip") ?? null);
    await next();
  });
  app.use("*", rateLimit({ limiter, perMinute }));
  app.get("/v1/things", (c) => c.json({ ok: true }));
  return app;
}

describe("the rate-limiting binding", () => {
  it("is a RateLimiter as it is, and the Worker runtime uses it", () => {
    const limiter: RateLimiter = env.RATE_LIMITER as RateLimit;
    expect(createWorkerRuntime(env).services.deps.rateLimiter).toBe(limiter);
  });

  it("refuses a key over its limit, and the middleware answers 429 with Retry-After", async () => {
    const app = limitedApp(small, 3);
    const ip = "198.51.100.7";
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 5; i++) {
      last = await app.request("/v1/things", { headers: { "cf-connecting-ip": ip } });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(last?.headers.get("content-type")).toBe("application/problem+json");
    // The binding does not say when its window ends: a whole period is the safe answer.
    expect(last?.headers.get("retry-after")).toBe("60");
    const other = await app.request("/v1/things", { headers: { "cf-connecting-ip": "198.51.100.254" } });
    expect(other.status).toBe(200);
  });
});

describe("the KV fallback", () => {
  it("counts in the KV binding and refuses over the limit", async () => {
    const limiter = createKvRateLimiter({ kv: env.CACHE, limit: 2 });
    const key = `ip:${crypto.randomUUID()}`;
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push(await limiter.limit({ key }));
    expect(outcomes.map((o) => o.success)).toEqual([true, true, false]);
    expect(outcomes.map((o) => o.remaining)).toEqual([1, 0, 0]);
  });

  it("is what the Worker runtime uses without the binding", () => {
    const { RATE_LIMITER: _binding, ...rest } = env;
    const limiter = createWorkerRuntime({ ...rest }).services.deps.rateLimiter;
    expect(limiter).toBeDefined();
    expect(limiter).not.toBe(env.RATE_LIMITER);
    const off = createWorkerRuntime({ ...rest, OPENDISCOURSE_RATE_LIMIT_PER_MINUTE: "0" }).services.deps.rateLimiter;
    expect(off).toBeUndefined();
  });
});
