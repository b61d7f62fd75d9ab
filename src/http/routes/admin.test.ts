import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestRuntime } from "../../../test/support/runtime";
import type { AuditEntry } from "../../core/security";
import { createApp } from "../app";

describe("admin API: keys, users and the audit log", () => {
  let t: Awaited<ReturnType<typeof openTestRuntime>>;
  let admin: Record<string, string>;
  let adminActor: string;

  beforeAll(async () => {
    t = await openTestRuntime({ embedder: "none" });
    admin = await t.auth("admin");
    adminActor = `key:${(await t.services.security.keys.list()).find((k) => k.name === "test admin")?.id}`;
  });
  afterAll(async () => t?.close());

  const call = (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
    t.app.request(path, {
      method: init.method ?? "GET",
      headers: { ...admin, "content-type": "application/json", ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const lastEntry = async (action: string) =>
    (await t.services.security.audit.list({ action, limit: 1000 })).at(-1) as AuditEntry;

  it("creates a key that works at once, lists it without its secret, and revokes it", async () => {
    const created = await call("/v1/keys", {
      method: "POST",
      body: { role: "viewer", name: "dashboard", expiresAt: "2099-01-01T00:00:00Z" },
    });
    expect(created.status).toBe(201);
    const key = (await created.json()) as { id: string; key: string; prefix: string; role: string; expiresAt: string };
    expect(key).toMatchObject({ role: "viewer", expiresAt: "2099-01-01T00:00:00.000Z" });
    expect(key.key.startsWith(`od_${key.prefix}_`)).toBe(true);
    const asKey = { authorization: `Bearer ${key.key}` };
    expect((await t.app.request("/v1/documents", { headers: asKey })).status).toBe(200);
    expect(await lastEntry("key.create")).toMatchObject({
      actor: adminActor,
      ip: "127.0.0.1",
      target: `key:${key.id}`,
    });

    const listed = (await (await call("/v1/keys")).json()) as { keys: Record<string, unknown>[] };
    const row = listed.keys.find((k) => k.id === key.id);
    expect(row).toMatchObject({ prefix: key.prefix, name: "dashboard", role: "viewer", revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(key.key);

    const revoked = await call(`/v1/keys/${key.id}`, { method: "DELETE" });
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as { revokedAt: string | null }).revokedAt).not.toBeNull();
    expect((await t.app.request("/v1/documents", { headers: asKey })).status).toBe(401);
    expect(await lastEntry("key.revoke")).toMatchObject({ actor: adminActor, target: `key:${key.id}` });
    expect((await call("/v1/keys/no-such-key", { method: "DELETE" })).status).toBe(404);
  });

  it("refuses a bad key request with 400", async () => {
    expect((await call("/v1/keys", { method: "POST", body: { role: "root" } })).status).toBe(400);
    expect((await call("/v1/keys", { method: "POST", body: { role: "viewer", expiresAt: "tomorrow" } })).status).toBe(
      400,
    );
    const past = await call("/v1/keys", {
      method: "POST",
      body: { role: "viewer", expiresAt: "2001-01-01T00:00:00Z" },
    });
    expect(past.status).toBe(400);
  });

  it("creates, lists, re-roles, disables and enables users, auditing each change", async () => {
    const created = await call("/v1/users", {
      method: "POST",
      body: { name: "alice", password: "correct horse battery", role: "viewer" },
    });
    expect(created.status).toBe(201);
    const alice = (await created.json()) as { id: string; name: string; role: string };
    expect(alice).toMatchObject({ name: "alice", role: "viewer", disabledAt: null });
    expect(JSON.stringify(alice)).not.toMatch(/password|scrypt/);
    const again = await call("/v1/users", {
      method: "POST",
      body: { name: "alice", password: "x".repeat(12), role: "viewer" },
    });
    expect(again.status).toBe(409);
    const short = await call("/v1/users", { method: "POST", body: { name: "bob", password: "short", role: "viewer" } });
    expect(short.status).toBe(400);

    const users = (await (await call("/v1/users")).json()) as { users: { name: string }[] };
    expect(users.users.map((u) => u.name)).toContain("alice");

    const promoted = await call(`/v1/users/${alice.id}`, { method: "PATCH", body: { role: "editor" } });
    expect(promoted.status).toBe(200);
    expect(await promoted.json()).toMatchObject({ role: "editor" });
    expect(await lastEntry("user.set-role")).toMatchObject({
      actor: adminActor,
      ip: "127.0.0.1",
      target: `user:${alice.id}`,
      before: { role: "viewer" },
      after: { role: "editor" },
    });
    const disabled = (await (
      await call(`/v1/users/${alice.id}`, { method: "PATCH", body: { disabled: true } })
    ).json()) as {
      disabledAt: string | null;
    };
    expect(disabled.disabledAt).not.toBeNull();
    expect((await t.services.security.users.verify("alice", "correct horse battery", {})).ok).toBe(false);
    const enabled = (await (
      await call(`/v1/users/${alice.id}`, { method: "PATCH", body: { disabled: false } })
    ).json()) as {
      disabledAt: string | null;
    };
    expect(enabled.disabledAt).toBeNull();
    expect((await t.services.security.users.verify("alice", "correct horse battery", {})).ok).toBe(true);
    expect(await lastEntry("user.enable")).toMatchObject({ actor: adminActor, target: `user:${alice.id}` });

    expect((await call(`/v1/users/${alice.id}`, { method: "PATCH", body: {} })).status).toBe(400);
    expect((await call("/v1/users/nobody", { method: "PATCH", body: { role: "viewer" } })).status).toBe(404);
  });

  it("keeps a signed-in admin from demoting or disabling themselves", async () => {
    const root = await t.services.security.users.create(
      { name: "root", role: "admin", password: "a long enough password" },
      { actor: "cli" },
    );
    const { id, record } = await t.services.security.sessions.create({
      actor: `user:${root.id}`,
      role: "admin",
      name: "root",
      via: "password",
    });
    const headers = { authorization: "", cookie: `od_session=${id}`, "x-csrf-token": record.csrfToken };
    const self = await call(`/v1/users/${root.id}`, { method: "PATCH", body: { disabled: true }, headers });
    expect(self.status).toBe(409);
    expect((await t.services.security.users.get("root"))?.disabledAt).toBeNull();
  });

  it("pages through the audit log, filtered by action and actor", async () => {
    const all = (await (await call("/v1/audit?limit=1000")).json()) as { entries: AuditEntry[]; next: number | null };
    expect(all.next).toBeNull();
    expect(all.entries.length).toBeGreaterThan(5);
    const first = (await (await call("/v1/audit?limit=2")).json()) as { entries: AuditEntry[]; next: number };
    expect(first.entries.map((e) => e.seq)).toEqual([1, 2]);
    expect(first.next).toBe(2);
    const second = (await (await call(`/v1/audit?limit=2&after=${first.next}`)).json()) as { entries: AuditEntry[] };
    expect(second.entries[0]?.seq).toBe(3);

    const creates = (await (await call("/v1/audit?action=user.create")).json()) as { entries: AuditEntry[] };
    expect(creates.entries.length).toBeGreaterThan(0);
    expect(creates.entries.every((e) => e.action === "user.create")).toBe(true);
    const mine = (await (await call(`/v1/audit?actor=${encodeURIComponent(adminActor)}`)).json()) as {
      entries: AuditEntry[];
    };
    expect(mine.entries.length).toBeGreaterThan(0);
    expect(mine.entries.every((e) => e.actor === adminActor)).toBe(true);
    expect((await call("/v1/audit?limit=0")).status).toBe(400);
  });

  it("exports the audit log as JSON lines, and records the export", async () => {
    const res = await call("/v1/audit/export");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-ndjson");
    const lines = (await res.text()).trimEnd().split("\n");
    const entries = lines.map((l) => JSON.parse(l) as AuditEntry);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    expect(entries.at(-1)).toMatchObject({ action: "audit.export", actor: adminActor, ip: "127.0.0.1" });
    expect((await t.services.security.audit.verify()).ok).toBe(true);
  });

  it("gives the audit head that verify checks a recorded head against", async () => {
    const res = await call("/v1/audit/head");
    expect(res.status).toBe(200);
    const head = (await res.json()) as { seq: number; hash: string };
    expect(head).toEqual(await t.services.security.audit.head());
    expect(head.seq).toBeGreaterThan(0);
    expect(await t.services.security.audit.verify({ expectHead: head })).toMatchObject({ ok: true });
  });

  it("answers admins only from the allowlist, and never other roles", async () => {
    const outside = createApp(t.services, { remoteAddress: () => "198.51.100.20" });
    for (const path of ["/v1/keys", "/v1/users", "/v1/audit", "/v1/audit/export", "/v1/audit/head"]) {
      expect((await outside.request(path, { headers: admin })).status, path).toBe(403);
      expect((await t.app.request(path, { headers: await t.auth("editor") })).status, path).toBe(403);
      expect((await t.app.request(path)).status, path).toBe(401);
    }
    const unknown = createApp(t.services, {});
    expect((await unknown.request("/v1/keys", { headers: admin })).status).toBe(403);
  });

  it("documents the admin routes and the credentials in OpenAPI", async () => {
    const spec = (await (await t.app.request("/openapi.json")).json()) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    const paths = ["/v1/keys", "/v1/keys/{id}", "/v1/users", "/v1/users/{id}", "/v1/audit", "/v1/audit/export"];
    for (const path of [...paths, "/v1/audit/head"]) {
      expect(spec.paths, path).toHaveProperty([path]);
    }
    expect(spec.paths["/v1/keys"]?.post?.security).toContainEqual({ bearerAuth: [] });
    expect(Object.keys(spec.components.securitySchemes)).toEqual(
      expect.arrayContaining(["bearerAuth", "apiKey", "session"]),
    );
  });
});
