import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rewriteAuditChain } from "../../../test/support/audit-forgery";
import { applyMigrations } from "../../adapters/node/migrations";
import { type NodeSqlDatabase, openSqliteDatabase } from "../../adapters/node/sqlite-database";
import type { SqlDatabase } from "../ports";
import { type AuditRow, canonicalJson, GENESIS_HASH, hashAuditRow } from "./audit-entry";
import { createAuditLog } from "./audit-log";

describe("the audit log", () => {
  let dir: string;
  let db: NodeSqlDatabase;
  const open: NodeSqlDatabase[] = [];
  const connect = () => {
    const conn = openSqliteDatabase({ path: join(dir, "audit.db") });
    open.push(conn);
    return conn;
  };
  /** Direct edits, as someone with the database file could make them. */
  const tamper = (sql: string, ...params: unknown[]) => {
    db.raw.exec("DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;");
    db.raw.prepare(sql).run(...params);
  };
  const fill = async (count: number) => {
    const audit = createAuditLog({ db });
    for (let i = 1; i <= count; i++) {
      await audit.append({ actor: "cli", action: "key.create", target: `key:${i}`, after: { role: "viewer", i } });
    }
    return audit;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "opendiscourse-audit-"));
    db = connect();
    applyMigrations(db.raw);
  });
  afterEach(async () => {
    for (const conn of open.splice(0)) await conn.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("chains each entry to the one before and keeps the head on the last", async () => {
    const audit = createAuditLog({ db, now: () => new Date("2026-03-01T12:00:00Z") });
    expect(await audit.head()).toEqual({ seq: 0, hash: GENESIS_HASH });
    const { entry: first } = await audit.append({
      actor: "cli",
      ip: "10.0.0.1",
      action: "user.create",
      target: "user:a",
    });
    const { entry: second } = await audit.append({
      actor: "user:a",
      action: "user.set-role",
      before: { role: "viewer" },
      after: { role: "admin", since: { b: 2, a: 1 } },
    });
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, ip: "10.0.0.1", at: "2026-03-01T12:00:00.000Z" });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash, after: { role: "admin", since: { a: 1, b: 2 } } });
    expect(await audit.head()).toEqual({ seq: 2, hash: second.hash });
    expect(await audit.verify()).toEqual({ ok: true, count: 2, head: { seq: 2, hash: second.hash } });
    const stored = db.raw.prepare("SELECT after FROM audit_log WHERE seq = 2").get() as { after: string };
    expect(stored.after).toBe('{"role":"admin","since":{"a":1,"b":2}}');
  });

  it("exports JSON lines from which every hash can be recomputed", async () => {
    const audit = await fill(3);
    const lines: string[] = [];
    for await (const line of audit.exportJsonl()) lines.push(line);
    expect(lines).toHaveLength(3);
    let previous = GENESIS_HASH;
    for (const line of lines) {
      expect(line.endsWith("\n")).toBe(true);
      const e = JSON.parse(line);
      expect(e.prevHash).toBe(previous);
      const { hash, prevHash, before, after, ...rest } = e;
      const recomputed = await hashAuditRow({
        ...rest,
        before: canonicalJson(before),
        after: canonicalJson(after),
        prev_hash: prevHash,
      });
      expect(recomputed).toBe(hash);
      previous = hash;
    }
    expect((await audit.list({ afterSeq: 1, limit: 1 })).map((e) => e.seq)).toEqual([2]);
  });

  it("lists only the entries of one action or one actor, paging by seq", async () => {
    const audit = await fill(3);
    await audit.append({ actor: "key:k1", action: "document.delete", target: "document:d1" });
    await audit.append({ actor: "key:k1", action: "key.create", target: "key:4" });
    const creates = await audit.list({ action: "key.create" });
    expect(creates.map((e) => e.seq)).toEqual([1, 2, 3, 5]);
    expect((await audit.list({ actor: "key:k1" })).map((e) => e.seq)).toEqual([4, 5]);
    expect((await audit.list({ actor: "key:k1", action: "key.create" })).map((e) => e.seq)).toEqual([5]);
    expect((await audit.list({ action: "key.create", afterSeq: 2, limit: 1 })).map((e) => e.seq)).toEqual([3]);
    expect(await audit.list({ action: "nothing.done" })).toEqual([]);
  });

  it("refuses updates and deletes through SQL", async () => {
    await fill(2);
    expect(() => db.raw.prepare("UPDATE audit_log SET actor = 'x' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => db.raw.prepare("DELETE FROM audit_log WHERE seq = 2").run()).toThrow(/append-only/);
  });

  it("detects an edited entry", async () => {
    const audit = await fill(5);
    tamper("UPDATE audit_log SET actor = 'user:someone-else' WHERE seq = 3");
    expect(await audit.verify()).toMatchObject({ ok: false, seq: 3, problem: "altered" });
  });

  it("detects an edited entry whose own hash was recomputed", async () => {
    const audit = await fill(5);
    const row = db.raw.prepare("SELECT * FROM audit_log WHERE seq = 2").get() as AuditRow;
    const edited = { ...row, after: '{"role":"admin"}' };
    const { hash: _old, ...unhashed } = edited;
    tamper("UPDATE audit_log SET after = ?, hash = ? WHERE seq = 2", edited.after, await hashAuditRow(unhashed));
    expect(await audit.verify()).toMatchObject({ ok: false, seq: 3, problem: "chain-broken" });
  });

  it("detects a deleted entry", async () => {
    const audit = await fill(5);
    tamper("DELETE FROM audit_log WHERE seq = 2");
    expect(await audit.verify()).toMatchObject({ ok: false, seq: 2, problem: "missing" });
  });

  it("detects reordered entries", async () => {
    const audit = await fill(5);
    tamper("UPDATE audit_log SET seq = -seq WHERE seq IN (2, 3)");
    tamper("UPDATE audit_log SET seq = CASE seq WHEN -2 THEN 3 ELSE 2 END WHERE seq < 0");
    expect(await audit.verify()).toMatchObject({ ok: false, seq: 2, problem: "altered" });
  });

  it("detects a truncated tail through the head", async () => {
    const audit = await fill(5);
    tamper("DELETE FROM audit_log WHERE seq > 3");
    expect(await audit.verify()).toMatchObject({ ok: false, seq: 4, problem: "truncated" });
  });

  it("detects a truncated tail with a rewound head against a head recorded earlier", async () => {
    const audit = await fill(5);
    const recorded = await audit.head();
    tamper("DELETE FROM audit_log WHERE seq > 3");
    const third = db.raw.prepare("SELECT hash FROM audit_log WHERE seq = 3").get() as { hash: string };
    db.raw.prepare("UPDATE audit_head SET seq = 3, hash = ?").run(third.hash);
    expect((await audit.verify()).ok).toBe(true);
    expect(await audit.verify({ expectHead: recorded })).toMatchObject({ ok: false, seq: 5, problem: "truncated" });
  });

  it("detects a consistently rehashed chain only against a head recorded earlier", async () => {
    const audit = await fill(4);
    const recordedLast = await audit.head();
    const [recordedSecond] = await audit.list({ afterSeq: 1, limit: 1 });
    await rewriteAuditChain(db.raw, (row) => (row.seq >= 2 ? "user:forger" : row.actor));

    expect(await audit.verify()).toMatchObject({ ok: true, count: 4 });
    expect(await audit.verify({ expectHead: recordedLast })).toMatchObject({ ok: false, seq: 4, problem: "rewritten" });
    const second = { seq: 2, hash: recordedSecond?.hash ?? "" };
    expect(await audit.verify({ expectHead: second })).toMatchObject({ ok: false, seq: 2, problem: "rewritten" });
    const [first] = await audit.list({ limit: 1 });
    expect(await audit.verify({ expectHead: { seq: 1, hash: first?.hash ?? "" } })).toMatchObject({ ok: true });
    expect(await audit.verify({ expectHead: { seq: 0, hash: GENESIS_HASH } })).toMatchObject({ ok: true });
  });

  it("detects entries appended behind the head's back", async () => {
    const audit = await fill(2);
    const last = db.raw.prepare("SELECT at, hash FROM audit_log WHERE seq = 2").get() as { at: string; hash: string };
    const forged = { seq: 3, at: last.at, actor: "cli", ip: null, action: "key.revoke", target: null };
    const unhashed = { ...forged, before: null, after: null, prev_hash: last.hash };
    db.raw
      .prepare(
        "INSERT INTO audit_log (seq, at, actor, action, prev_hash, hash) VALUES (3, ?, 'cli', 'key.revoke', ?, ?)",
      )
      .run(last.at, last.hash, await hashAuditRow(unhashed));
    expect(await audit.verify()).toMatchObject({ ok: false, problem: "head-mismatch", seq: 2 });
  });

  it("applies the audited change and its entry together, or neither", async () => {
    const audit = await fill(1);
    const before = await audit.head();
    const bad = db.prepare("INSERT INTO users (id) VALUES ('incomplete')");
    await expect(audit.append({ actor: "cli", action: "user.create" }, { statements: [bad] })).rejects.toThrow(
      /NOT NULL/,
    );
    expect(await audit.head()).toEqual(before);
    expect(await audit.verify()).toMatchObject({ ok: true, count: 1 });
  });

  it("never forks when two connections to one file append at once", async () => {
    let conflicts = 0;
    const counting = (conn: SqlDatabase): SqlDatabase => ({
      prepare: (sql) => conn.prepare(sql),
      async batch(statements) {
        try {
          return await conn.batch(statements);
        } catch (error) {
          conflicts++;
          throw error;
        }
      },
    });
    const a = createAuditLog({ db: counting(db) });
    const b = createAuditLog({ db: counting(connect()) });
    const writes = Array.from({ length: 40 }, (_, i) =>
      (i % 2 ? a : b).append({ actor: i % 2 ? "process-a" : "process-b", action: "test.append", after: { i } }),
    );
    const entries = (await Promise.all(writes)).map((r) => r.entry);
    expect(entries.map((e) => e.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(conflicts).toBeGreaterThan(0);
    expect(await b.verify()).toMatchObject({ ok: true, count: 40 });
    const after = new Set((await a.list({ limit: 100 })).map((e) => (e.after as { i: number }).i));
    expect(after.size).toBe(40);
  });
});
