import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyMigrations } from "../../adapters/node/migrations";
import { type NodeSqlDatabase, openSqliteDatabase } from "../../adapters/node/sqlite-database";
import { createMemoryKeyValue } from "../testing/memory-key-value";
import { createSecurity, type Security } from ".";

describe("API keys", () => {
  let db: NodeSqlDatabase;
  let security: Security;
  let clock: number;
  const admin = { actor: "cli" };

  beforeEach(() => {
    db = openSqliteDatabase({ path: ":memory:" });
    applyMigrations(db.raw);
    clock = Date.parse("2026-04-01T09:00:00Z");
    security = createSecurity({ db, kv: createMemoryKeyValue(), now: () => new Date(clock) });
  });
  afterEach(() => db.close());

  it("shows the key once and stores only its hash", async () => {
    const { key, record } = await security.keys.create({ role: "editor", name: "ingest bot" }, admin);
    expect(key).toMatch(/^od_[a-z2-7]{10}_[a-z2-7]{52}$/);
    expect(key.split("_")[1]).toBe(record.prefix);
    expect(record).toMatchObject({ role: "editor", name: "ingest bot", createdBy: "cli", revokedAt: null });
    const stored = JSON.stringify(db.raw.prepare("SELECT * FROM api_keys").all());
    expect(stored).not.toContain(key.split("_")[2]);
    const listed = await security.keys.list();
    expect(listed).toEqual([record]);
    expect(JSON.stringify(listed)).not.toContain("hash");
  });

  it("authenticates, records the last use, and refuses the key once revoked", async () => {
    const { key, record } = await security.keys.create({ role: "viewer" }, admin);
    const first = await security.keys.authenticate(key, { ip: "192.0.2.7" });
    expect(first).toEqual({
      ok: true,
      principal: { kind: "key", id: record.id, prefix: record.prefix, role: "viewer", actor: `key:${record.id}` },
    });
    expect(await security.keys.get(record.id)).toMatchObject({
      lastUsedAt: "2026-04-01T09:00:00.000Z",
      lastUsedIp: "192.0.2.7",
    });
    clock += 5_000;
    await security.keys.authenticate(key, { ip: "198.51.100.1" });
    expect(await security.keys.get(record.id)).toMatchObject({
      lastUsedAt: "2026-04-01T09:00:05.000Z",
      lastUsedIp: "198.51.100.1",
    });

    const revoked = await security.keys.revoke(record.id, { actor: "user:root", ip: "127.0.0.1" });
    expect(revoked.revokedAt).toBe("2026-04-01T09:00:05.000Z");
    expect(await security.keys.authenticate(key, { ip: "192.0.2.7" })).toEqual({ ok: false, reason: "revoked" });
    expect(await security.keys.revoke(record.id, admin)).toEqual(revoked);

    const actions = (await security.audit.list()).map((e) => [e.action, e.actor, e.target]);
    expect(actions).toEqual([
      ["key.create", "cli", `key:${record.id}`],
      ["key.revoke", "user:root", `key:${record.id}`],
    ]);
    expect(JSON.stringify(await security.audit.list())).not.toContain(key);
    expect(await security.audit.verify()).toMatchObject({ ok: true, count: 2 });
  });

  it("refuses an expired key, a forged secret and malformed input", async () => {
    const { key, record } = await security.keys.create(
      { role: "admin", expiresAt: new Date("2026-04-02T00:00:00Z") },
      admin,
    );
    expect((await security.keys.authenticate(key, {})).ok).toBe(true);
    expect(await security.keys.authenticate(key, { now: new Date("2026-04-02T00:00:00Z") })).toEqual({
      ok: false,
      reason: "expired",
    });
    const forged = `od_${record.prefix}_${"a".repeat(52)}`;
    expect(await security.keys.authenticate(forged, {})).toEqual({ ok: false, reason: "unknown" });
    expect(await security.keys.authenticate(`od_${"b".repeat(10)}_${"a".repeat(52)}`, {})).toEqual({
      ok: false,
      reason: "unknown",
    });
    for (const bad of ["", "Bearer x", `${key}x`, key.toUpperCase()]) {
      expect(await security.keys.authenticate(bad, {})).toEqual({ ok: false, reason: "malformed" });
    }
  });

  it("rejects an expiry in the past, an unknown role and an unknown id", async () => {
    await expect(
      security.keys.create({ role: "viewer", expiresAt: new Date("2026-01-01T00:00:00Z") }, admin),
    ).rejects.toMatchObject({ code: "bad_request" });
    // @ts-expect-error an unknown role, as the CLI could pass it
    await expect(security.keys.create({ role: "root" }, admin)).rejects.toMatchObject({ code: "bad_request" });
    await expect(security.keys.revoke("nope", admin)).rejects.toMatchObject({ code: "not_found" });
    expect(await security.audit.head()).toMatchObject({ seq: 0 });
  });
});
