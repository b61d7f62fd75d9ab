import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestRuntime } from "../../../test/support/runtime";
import { createKvRateLimiter } from "../../adapters/cloudflare/kv-rate-limiter";
import type { Services } from "../../core/services";
import { createApp } from "../app";
import { authFailuresPerMinute } from "./auth-failures";

const PASSWORD = "a long enough password";

describe("throttling failed authentications per client address", () => {
  let t: Awaited<ReturnType<typeof openTestRuntime>>;
  let services: Services;
  let window = 0;

  beforeAll(async () => {
    t = await openTestRuntime({ embedder: "none" });
    await t.services.security.users.create({ name: "alice", role: "viewer", password: PASSWORD }, { actor: "cli" });
    await t.services.security.users.create({ name: "bob", role: "viewer", password: PASSWORD }, { actor: "cli" });
  });
  afterAll(async () => t?.close());

  /**
   * The runtime's services with a failure limiter of 3 a minute over its own key-value store, its clock held in the
   * middle of a minute of its own (a fresh one per test), so no window ends during a test.
   */
  const appFrom = (address: string) => createApp(services, { remoteAddress: () => address });
  const freshWindow = () => {
    window += 1;
    const frozen = (1_000_000 + window) * 60_000 + 30_000;
    services = {
      ...t.services,
      deps: {
        ...t.services.deps,
        authFailureLimiter: createKvRateLimiter({ kv: t.services.deps.kv, limit: 3, now: () => frozen }),
      },
    };
  };
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  const login = (app: ReturnType<typeof appFrom>, name: string, password: string) =>
    app.request("/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name, password }),
    });

  it("answers 429 once an address fails too often, before even looking its keys up", async () => {
    freshWindow();
    const guesser = appFrom("203.0.113.7");
    const bogus = "od_abcdefgh_notarealsecretnotarealsecretnotareal";
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await guesser.request("/v1/documents", { headers: bearer(bogus) })).status);
    expect(statuses).toEqual([401, 401, 401, 429]);

    // A real key from the same address is refused too, without being looked up (its last use is not recorded).
    const { key, record } = await t.services.security.keys.create({ role: "viewer", name: "real" }, { actor: "cli" });
    const refused = await guesser.request("/v1/documents", { headers: bearer(key) });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(1);
    expect(retryAfter).toBeLessThanOrEqual(31);
    expect((await t.services.security.keys.get(record.id))?.lastUsedIp ?? null).toBeNull();

    // Another address is not affected, nor are callers without a key.
    const other = appFrom("198.51.100.9");
    expect((await other.request("/v1/documents", { headers: bearer(key) })).status).toBe(200);
    expect((await t.services.security.keys.get(record.id))?.lastUsedIp).toBe("198.51.100.9");
    expect((await other.request("/v1/documents", { headers: bearer(bogus) })).status).toBe(401);
    expect((await guesser.request("/healthz")).status).toBe(200);
  });

  it("does not count working keys", async () => {
    freshWindow();
    const client = appFrom("203.0.113.8");
    const headers = await t.auth("viewer");
    for (let i = 0; i < 6; i++) expect((await client.request("/v1/documents", { headers })).status).toBe(200);
  });

  it("slows one address spraying passwords over many accounts, each under its own lockout", async () => {
    freshWindow();
    const sprayer = appFrom("203.0.113.9");
    const statuses: number[] = [];
    for (const name of ["alice", "bob", "carol", "alice"]) statuses.push((await login(sprayer, name, "guess")).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const refused = await login(sprayer, "bob", PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(1);
    expect(await refused.json()).toMatchObject({ code: "rate_limited" });
    // Refused before the password was checked: no account was locked by the spray, and the refusal is not audited.
    const refusals = await t.services.security.audit.list({ action: "auth.login-refused", limit: 1000 });
    expect(refusals).toHaveLength(4);
    expect((await login(appFrom("198.51.100.10"), "bob", PASSWORD)).status).toBe(200);
  });

  it("counts wrong first-admin setup tokens as failures", async () => {
    freshWindow();
    const token = await t.services.security.setup.issue();
    const guesser = appFrom("203.0.113.10");
    const setup = (app: ReturnType<typeof appFrom>, value: string, password = PASSWORD) =>
      app.request("/v1/auth/setup", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ token: value, name: "root", password }),
      });
    // A password the account rules refuse is not a failed credential.
    expect((await setup(guesser, token as string, "short")).status).toBe(400);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await setup(guesser, "x".repeat(52))).status);
    expect(statuses).toEqual([403, 403, 403, 429]);
    // Refused before the token is checked, even the right one; another address may still use it.
    const refused = await setup(guesser, token as string);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(1);
    expect(await t.services.security.setup.required()).toBe(true);
    expect((await setup(appFrom("198.51.100.11"), token as string)).status).toBe(201);
  });

  it("is on in the Node runtime at a tenth of the request limit", async () => {
    expect(authFailuresPerMinute(600)).toBe(60);
    expect(authFailuresPerMinute(5)).toBe(1);
    expect(authFailuresPerMinute(0)).toBe(0);
    const strict = await openTestRuntime({ embedder: "none", rateLimitPerMinute: 20 });
    try {
      const statuses: number[] = [];
      // Two failures a minute; a minute may end between two requests, so a refusal comes within five.
      for (let i = 0; i < 5 && !statuses.includes(429); i++) {
        const res = await strict.app.request("/v1/documents", { headers: bearer("od_wrong_wrongwrongwrong") });
        statuses.push(res.status);
      }
      expect(statuses.slice(0, 2)).toEqual([401, 401]);
      expect(statuses).toContain(429);
    } finally {
      await strict.close();
    }
  });
});
