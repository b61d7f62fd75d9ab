import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestRuntime } from "../../test/support/runtime";

type Runtime = Awaited<ReturnType<typeof openTestRuntime>>;

const PASSWORD = "a long enough passphrase";

/** The `od_session` cookie's value and attributes from a response, as a browser would read them. */
function sessionCookie(response: Response): { value: string; attributes: string[] } | null {
  const header = response.headers.getSetCookie().find((c) => c.startsWith("od_session="));
  if (!header) return null;
  const [pair = "", ...attributes] = header.split(";").map((part) => part.trim());
  return { value: pair.slice("od_session=".length), attributes };
}

function post(t: Runtime, path: string, body: unknown, headers: Record<string, string> = {}) {
  return t.app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

describe("sign-in with local accounts", () => {
  let t: Runtime;

  beforeAll(async () => {
    t = await openTestRuntime({ embedder: "none" });
    await t.services.security.users.create({ name: "ed", role: "editor", password: PASSWORD }, { actor: "cli" });
  });
  afterAll(() => t.close());

  it("signs in with a Secure, HttpOnly, SameSite=Lax cookie that then acts for the user", async () => {
    const response = await post(t, "/v1/auth/login", { name: "ed", password: PASSWORD });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as { actor: string; role: string; name: string; csrfToken: string };
    const user = await t.services.security.users.get("ed");
    expect(body).toEqual({ actor: `user:${user?.id}`, role: "editor", name: "ed", csrfToken: expect.any(String) });
    const cookie = sessionCookie(response);
    expect(cookie?.value).toMatch(/^[a-z2-7]{52}$/);
    expect(cookie?.attributes).toEqual(
      expect.arrayContaining(["Max-Age=28800", "Path=/", "HttpOnly", "Secure", "SameSite=Lax"]),
    );

    const me = await t.app.request("/v1/auth/me", { headers: { cookie: `od_session=${cookie?.value}` } });
    expect(me.status).toBe(200);
    const who = (await me.json()) as { permissions: string[] };
    expect(who).toMatchObject({
      actor: body.actor,
      role: "editor",
      name: "ed",
      via: "session",
      csrfToken: body.csrfToken,
    });
    expect(who.permissions).toEqual(expect.arrayContaining(["documents:read", "documents:write", "jobs:read"]));
    expect(who.permissions).not.toContain("users:manage");

    const audit = await t.services.security.audit.list();
    expect(audit.at(-1)).toMatchObject({ action: "auth.login", actor: body.actor, after: { via: "password" } });
  });

  it("answers /me for anonymous callers and API keys", async () => {
    const anonymous = await t.app.request("/v1/auth/me");
    expect(await anonymous.json()).toEqual({
      actor: "anonymous",
      role: null,
      name: null,
      via: "anonymous",
      permissions: [],
    });
    const keyed = await t.app.request("/v1/auth/me", { headers: await t.auth("viewer") });
    expect(await keyed.json()).toMatchObject({
      role: "viewer",
      via: "key",
      permissions: ["documents:read", "search:query"],
    });
  });

  it("refuses a wrong password, an unknown name and a disabled account alike, and audits each", async () => {
    await t.services.security.users.create({ name: "gone", role: "viewer", password: PASSWORD }, { actor: "cli" });
    await t.services.security.users.disable("gone", { actor: "cli" });
    const details: string[] = [];
    for (const credentials of [
      { name: "ed", password: "not the passphrase" },
      { name: "nobody", password: PASSWORD },
      { name: "gone", password: PASSWORD },
    ]) {
      const response = await post(t, "/v1/auth/login", credentials);
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(sessionCookie(response)).toBeNull();
      details.push(((await response.json()) as { detail: string }).detail);
    }
    expect(new Set(details)).toEqual(new Set(["wrong name or password"]));
    const refusals = (await t.services.security.audit.list()).filter((e) => e.action === "auth.login-refused");
    expect(refusals.slice(-3).map((e) => e.after)).toEqual([
      { via: "password", reason: "invalid", name: "ed" },
      { via: "password", reason: "invalid", name: "nobody" },
      { via: "password", reason: "disabled", name: "gone" },
    ]);
    expect(JSON.stringify(refusals)).not.toContain("passphrase");
  });

  it("locks an account after repeated failures and answers 429 with Retry-After, even to the right password", async () => {
    await t.services.security.users.create({ name: "target", role: "viewer", password: PASSWORD }, { actor: "cli" });
    for (let i = 0; i < 5; i++) {
      expect((await post(t, "/v1/auth/login", { name: "target", password: `guess ${i}` })).status).toBe(401);
    }
    const locked = await post(t, "/v1/auth/login", { name: "target", password: PASSWORD });
    expect(locked.status).toBe(429);
    const seconds = Number(locked.headers.get("retry-after"));
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(((await locked.json()) as { code: string }).code).toBe("rate_limited");
    expect(sessionCookie(locked)).toBeNull();
  });

  it("refuses a sign-in posted from another site (login CSRF) but accepts one from its own origin", async () => {
    const foreign = await post(
      t,
      "/v1/auth/login",
      { name: "ed", password: PASSWORD },
      { origin: "https://evil.example" },
    );
    expect(foreign.status).toBe(403);
    const own = await post(t, "/v1/auth/login", { name: "ed", password: PASSWORD }, { origin: "http://localhost" });
    expect(own.status).toBe(200);
  });

  it("signs out only with the CSRF token, ends the session on the server and clears the cookie", async () => {
    const login = await post(t, "/v1/auth/login", { name: "ed", password: PASSWORD });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const id = sessionCookie(login)?.value ?? "";
    const cookie = { cookie: `od_session=${id}` };

    const forged = await t.app.request("/v1/auth/logout", { method: "POST", headers: cookie });
    expect(forged.status).toBe(403);
    expect(await t.services.security.sessions.get(id)).not.toBeNull();

    const out = await t.app.request("/v1/auth/logout", {
      method: "POST",
      headers: { ...cookie, "x-csrf-token": csrfToken },
    });
    expect(out.status).toBe(204);
    expect(sessionCookie(out)?.attributes).toEqual(expect.arrayContaining(["Max-Age=0", "Path=/"]));
    expect(await t.services.security.sessions.get(id)).toBeNull();
    const after = await t.app.request("/v1/auth/me", { headers: cookie });
    expect(await after.json()).toMatchObject({ actor: "anonymous", role: null });
    expect((await t.services.security.audit.list()).at(-1)).toMatchObject({ action: "auth.logout" });

    const anonymous = await t.app.request("/v1/auth/logout", { method: "POST" });
    expect(anonymous.status).toBe(401);
  });

  it("ends the browser's previous session when it signs in again", async () => {
    const first = sessionCookie(await post(t, "/v1/auth/login", { name: "ed", password: PASSWORD }))?.value ?? "";
    const second = await post(
      t,
      "/v1/auth/login",
      { name: "ed", password: PASSWORD },
      { cookie: `od_session=${first}` },
    );
    // A live session's cookie makes the POST cookie-authenticated, so it needs the CSRF token; without one: 403.
    expect(second.status).toBe(403);
    const { csrfToken } = (await t.services.security.sessions.get(first)) ?? { csrfToken: "" };
    const third = await post(
      t,
      "/v1/auth/login",
      { name: "ed", password: PASSWORD },
      { cookie: `od_session=${first}`, "x-csrf-token": csrfToken },
    );
    expect(third.status).toBe(200);
    expect(await t.services.security.sessions.get(first)).toBeNull();
  });

  it("documents every sign-in route in the OpenAPI document", async () => {
    const doc = (await (await t.app.request("/openapi.json")).json()) as { paths: Record<string, object> };
    for (const path of ["providers", "login", "me", "logout", "oidc/start", "oidc/callback", "setup"]) {
      expect(doc.paths).toHaveProperty([`/v1/auth/${path}`]);
    }
  });

  it("lists the sign-in methods", async () => {
    const response = await t.app.request("/v1/auth/providers");
    expect(await response.json()).toEqual({ password: true, oidc: false, setupRequired: false });
  });
});

describe("the first-admin link", () => {
  let t: Runtime;

  beforeAll(async () => {
    t = await openTestRuntime({ embedder: "none" });
  });
  afterAll(() => t.close());

  it("creates the first admin once with the printed token, signs them in, then closes", async () => {
    const closed = await post(t, "/v1/auth/setup", { token: "x".repeat(52), name: "root", password: PASSWORD });
    expect(closed.status).toBe(403);
    expect(await (await t.app.request("/v1/auth/providers")).json()).toEqual({
      password: false,
      oidc: false,
      setupRequired: false,
    });

    const stale = await t.services.security.setup.issue();
    const token = await t.services.security.setup.issue();
    expect(token).toMatch(/^[a-z2-7]{52}$/);
    expect(await (await t.app.request("/v1/auth/providers")).json()).toMatchObject({ setupRequired: true });

    expect((await post(t, "/v1/auth/setup", { token: stale, name: "root", password: PASSWORD })).status).toBe(403);
    expect((await post(t, "/v1/auth/setup", { token, name: "root", password: "short" })).status).toBe(400);
    const foreign = await post(
      t,
      "/v1/auth/setup",
      { token, name: "root", password: PASSWORD },
      { origin: "https://evil.example" },
    );
    expect(foreign.status).toBe(403);

    const created = await post(t, "/v1/auth/setup", { token, name: "root", password: PASSWORD });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { actor: string; role: string; csrfToken: string };
    expect(body).toMatchObject({ role: "admin", name: "root" });
    const cookie = sessionCookie(created);
    expect(cookie?.attributes).toEqual(expect.arrayContaining(["HttpOnly", "Secure", "SameSite=Lax"]));
    const me = await t.app.request("/v1/auth/me", { headers: { cookie: `od_session=${cookie?.value}` } });
    expect(await me.json()).toMatchObject({ actor: body.actor, role: "admin", via: "session" });

    const again = await post(t, "/v1/auth/setup", { token, name: "root2", password: PASSWORD });
    expect(again.status).toBe(409);
    expect(await t.services.security.setup.issue()).toBeNull();
    expect(await (await t.app.request("/v1/auth/providers")).json()).toEqual({
      password: true,
      oidc: false,
      setupRequired: false,
    });
    const actions = (await t.services.security.audit.list()).map((e) => [e.action, e.actor]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ["user.create", "setup"],
        ["auth.login", body.actor],
      ]),
    );
  });
});
