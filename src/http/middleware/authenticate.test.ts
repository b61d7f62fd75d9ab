import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { multipart, openTestRuntime } from "../../../test/support/runtime";

describe("authentication: API keys, session cookies and CSRF", () => {
  let t: Awaited<ReturnType<typeof openTestRuntime>>;
  let editorId: string;
  let viewerId: string;

  beforeAll(async () => {
    t = await openTestRuntime({ embedder: "none" });
    const users = t.services.security.users;
    editorId = (
      await users.create({ name: "eddie", role: "editor", password: "a long enough password" }, { actor: "cli" })
    ).id;
    viewerId = (
      await users.create({ name: "vera", role: "viewer", password: "a long enough password" }, { actor: "cli" })
    ).id;
  });
  afterAll(async () => t?.close());

  const signIn = async (userId: string, role: "viewer" | "editor", name: string) => {
    const { id, record } = await t.services.security.sessions.create({
      actor: `user:${userId}`,
      role,
      name,
      via: "password",
    });
    return { cookie: `od_session=${id}`, csrf: record.csrfToken, id };
  };
  const upload = (headers: Record<string, string>, text = "A note uploaded through a browser session.") =>
    t.app.request("/v1/documents", { method: "POST", headers, body: multipart([{ name: "note.txt", bytes: text }]) });

  it("reads with a session cookie alone", async () => {
    const { cookie } = await signIn(viewerId, "viewer", "vera");
    expect((await t.app.request("/v1/documents", { headers: { cookie } })).status).toBe(200);
  });

  it("requires the session's CSRF token on cookie-authenticated writes", async () => {
    const { cookie, csrf } = await signIn(editorId, "editor", "eddie");
    const missing = await upload({ cookie });
    expect(missing.status).toBe(403);
    expect(((await missing.json()) as { code: string }).code).toBe("forbidden");
    expect((await upload({ cookie, "x-csrf-token": "not-the-token" })).status).toBe(403);
    const other = await signIn(editorId, "editor", "eddie");
    expect((await upload({ cookie, "x-csrf-token": other.csrf })).status).toBe(403);

    const ok = await upload({ cookie, "x-csrf-token": csrf });
    expect(ok.status).toBe(202);
    const id = ((await ok.json()) as { documents: { id: string }[] }).documents[0]?.id as string;
    expect((await t.services.documents.get(id)).uploadedBy).toBe(`user:${editorId}`);
    expect((await t.app.request(`/v1/documents/${id}`, { method: "DELETE", headers: { cookie } })).status).toBe(403);
    const deleted = await t.app.request(`/v1/documents/${id}`, {
      method: "DELETE",
      headers: { cookie, "x-csrf-token": csrf },
    });
    expect(deleted.status).toBe(204);
  });

  it("still judges the role of a session whose CSRF token is right", async () => {
    const { cookie, csrf } = await signIn(viewerId, "viewer", "vera");
    expect((await upload({ cookie, "x-csrf-token": csrf })).status).toBe(403);
  });

  it("ignores an unknown or ended session: anonymous, not an error", async () => {
    const ended = await signIn(viewerId, "viewer", "vera");
    await t.services.security.sessions.end(ended.id);
    for (const cookie of [`od_session=${"a".repeat(52)}`, "od_session=garbage", ended.cookie]) {
      const res = await t.app.request("/v1/documents", { headers: { cookie } });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe("Bearer");
      expect((await t.app.request("/healthz", { headers: { cookie } })).status).toBe(200);
    }
  });

  it("applies a role change or a disabled account to live sessions on their next request", async () => {
    const users = t.services.security.users;
    await users.create({ name: "sam", role: "editor", password: "a long enough password" }, { actor: "cli" });
    const sam = await users.get("sam");
    const { cookie, csrf } = await signIn(sam?.id as string, "editor", "sam");
    await users.setRole("sam", "viewer", { actor: "cli" });
    expect((await upload({ cookie, "x-csrf-token": csrf })).status).toBe(403);
    expect((await t.app.request("/v1/documents", { headers: { cookie } })).status).toBe(200);
    await users.disable("sam", { actor: "cli" });
    expect((await t.app.request("/v1/documents", { headers: { cookie } })).status).toBe(401);
  });

  it("takes a key in X-API-Key as in Authorization, and needs no CSRF token with a key", async () => {
    const { authorization } = await t.auth("editor");
    const key = authorization?.replace("Bearer ", "") as string;
    expect((await t.app.request("/v1/documents", { headers: { "x-api-key": key } })).status).toBe(200);
    const { cookie } = await signIn(viewerId, "viewer", "vera");
    // The key decides, not the viewer's cookie beside it.
    const both = { authorization: authorization as string, cookie };
    expect((await upload(both, "A note sent with a key and a cookie.")).status).toBe(202);
  });

  it("answers a presented key that is not valid with 401, even on public routes", async () => {
    for (const headers of [
      { authorization: "Bearer od_not_a_key" } as Record<string, string>,
      { authorization: `Bearer od_${"a".repeat(10)}_${"b".repeat(52)}` },
      { "x-api-key": "nonsense" },
    ]) {
      const res = await t.app.request("/healthz", { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
    const { key, record } = await t.services.security.keys.create({ role: "admin" }, { actor: "cli" });
    await t.services.security.keys.revoke(record.id, { actor: "cli" });
    const revoked = await t.app.request("/v1/documents", { headers: { authorization: `Bearer ${key}` } });
    expect(revoked.status).toBe(401);
    expect(((await revoked.json()) as { detail: string }).detail).toMatch(/revoked/);
  });

  it("leaves other authorization schemes (a proxy's Basic) alone", async () => {
    const headers = { authorization: "Basic dXNlcjpwYXNz" };
    expect((await t.app.request("/healthz", { headers })).status).toBe(200);
    expect((await t.app.request("/v1/documents", { headers })).status).toBe(401);
  });

  it("records a key's last use with the client address", async () => {
    const { key, record } = await t.services.security.keys.create({ role: "viewer" }, { actor: "cli" });
    expect((await t.app.request("/v1/documents", { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    expect(await t.services.security.keys.get(record.id)).toMatchObject({ lastUsedIp: "127.0.0.1" });
  });
});
