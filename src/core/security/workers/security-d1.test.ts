import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { SqlDatabase } from "../../ports";
import { createAuditLog } from "../audit-log";
import { createSecurity } from "../index";

describe("security on D1", () => {
  it("applies the security migration", async () => {
    const { results } = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE name IN ('api_keys', 'users', 'audit_log', 'audit_head') ORDER BY name",
    ).all<{ name: string }>();
    expect(results.map((r) => r.name)).toEqual(["api_keys", "audit_head", "audit_log", "users"]);
  });

  it("appends to the audit log and verifies it, refusing edits through SQL", async () => {
    const audit = createAuditLog({ db: env.DB });
    const start = await audit.head();
    const { entry } = await audit.append({
      actor: "cli",
      ip: "192.0.2.1",
      action: "test.append",
      after: { b: 1, a: 2 },
    });
    expect(entry).toMatchObject({ seq: start.seq + 1, prevHash: start.hash, after: { a: 2, b: 1 } });
    expect(await audit.verify()).toMatchObject({ ok: true, count: start.seq + 1 });
    expect((await audit.list({ afterSeq: start.seq, action: "test.append", actor: "cli" })).map((e) => e.seq)).toEqual([
      entry.seq,
    ]);
    expect(await audit.list({ afterSeq: start.seq, action: "test.other" })).toEqual([]);
    await expect(
      env.DB.prepare("UPDATE audit_log SET actor = 'x' WHERE seq = ?").bind(entry.seq).run(),
    ).rejects.toThrow(/append-only/);
  });

  it("never forks when appends race, retrying the batch that lost", async () => {
    let conflicts = 0;
    const counting: SqlDatabase = {
      prepare: (sql) => env.DB.prepare(sql),
      async batch(statements) {
        try {
          return await env.DB.batch(statements as D1PreparedStatement[]);
        } catch (error) {
          conflicts++;
          throw error;
        }
      },
    };
    const a = createAuditLog({ db: counting });
    const b = createAuditLog({ db: counting });
    const start = await a.head();
    const entries = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? a : b).append({ actor: "race", action: "test.race", after: { i } }),
      ),
    );
    expect(entries.map((r) => r.entry.seq).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 12 }, (_, i) => start.seq + i + 1),
    );
    expect(conflicts).toBeGreaterThan(0);
    expect(await a.verify()).toMatchObject({ ok: true, count: start.seq + 12 });
  });

  it("runs the key lifecycle and a lockout", async () => {
    const security = createSecurity({
      db: env.DB,
      kv: env.CACHE,
      scryptParams: { N: 2 ** 10, r: 8, p: 1 },
      lockout: { maxFailures: 2 },
    });
    const { key, record } = await security.keys.create({ role: "viewer" }, { actor: "cli" });
    expect(await security.keys.authenticate(key, { ip: "203.0.113.5" })).toMatchObject({ ok: true });
    expect(await security.keys.get(record.id)).toMatchObject({ lastUsedIp: "203.0.113.5" });
    await security.keys.revoke(record.id, { actor: "cli" });
    expect(await security.keys.authenticate(key, {})).toEqual({ ok: false, reason: "revoked" });

    await security.users.create({ name: "d1-user", role: "editor", password: "a long passphrase" }, { actor: "cli" });
    await security.users.verify("d1-user", "wrong", {});
    await security.users.verify("d1-user", "wrong", {});
    expect(await security.users.verify("d1-user", "a long passphrase", {})).toMatchObject({ reason: "locked" });
    expect(await security.audit.verify()).toMatchObject({ ok: true });
  });
});
