import { scrypt as nodeScrypt } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyMigrations } from "../../adapters/node/migrations";
import { type NodeSqlDatabase, openSqliteDatabase } from "../../adapters/node/sqlite-database";
import { createMemoryKeyValue } from "../testing/memory-key-value";
import { createSecurity, type Security } from ".";
import { hashPassword, needsRehash, type ScryptFunction, verifyPassword } from "./password";

/** Low cost keeps the suite quick; the parameters are stored with each hash, so nothing else changes. */
const FAST = { N: 2 ** 10, r: 8, p: 1 };

describe("passwords", () => {
  it("salts each hash and verifies only the right password", async () => {
    const a = await hashPassword("correct horse battery", { params: FAST });
    const b = await hashPassword("correct horse battery", { params: FAST });
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("correct horse batterY", a)).toBe(false);
    expect(await verifyPassword("x", "not a hash")).toBe(false);
    expect(needsRehash(a)).toBe(true);
    expect(needsRehash(a, FAST)).toBe(false);
  });

  it("gives the same bytes with Node's native scrypt", async () => {
    const native: ScryptFunction = (password, salt, { N, r, p, dkLen }) =>
      new Promise((resolve, reject) =>
        nodeScrypt(password, salt, dkLen, { N, r, p, maxmem: 2 ** 30 }, (error, key) =>
          error ? reject(error) : resolve(new Uint8Array(key)),
        ),
      );
    const hash = await hashPassword("naïve café password", { params: FAST, scrypt: native });
    expect(await verifyPassword("naïve café password", hash)).toBe(true);
  });
});

describe("local users", () => {
  let db: NodeSqlDatabase;
  let security: Security;
  let clock: number;
  const cli = { actor: "cli" };
  const at = (ms: number) => ({ ip: "203.0.113.9", now: new Date(ms) });

  beforeEach(() => {
    db = openSqliteDatabase({ path: ":memory:" });
    applyMigrations(db.raw);
    clock = Date.parse("2026-05-01T08:00:00Z");
    security = createSecurity({ db, kv: createMemoryKeyValue(), now: () => new Date(clock), scryptParams: FAST });
  });
  afterEach(() => db.close());

  it("creates, lists, changes the role of and disables users, auditing each change", async () => {
    const alice = await security.users.create({ name: "alice", role: "editor", password: "a long passphrase" }, cli);
    expect(alice).toMatchObject({ name: "alice", role: "editor", disabledAt: null, failedAttempts: 0 });
    await expect(
      security.users.create({ name: "ALICE", role: "viewer", password: "another passphrase" }, cli),
    ).rejects.toMatchObject({ code: "conflict" });
    await expect(security.users.create({ name: "bob", role: "viewer", password: "short" }, cli)).rejects.toMatchObject({
      code: "bad_request",
    });
    expect((await security.users.setRole("alice", "admin", cli)).role).toBe("admin");
    expect((await security.users.disable("alice", cli)).disabledAt).toBe("2026-05-01T08:00:00.000Z");
    await expect(security.users.disable("nobody", cli)).rejects.toMatchObject({ code: "not_found" });
    expect((await security.users.list()).map((u) => u.name)).toEqual(["alice"]);
    const entries = await security.audit.list();
    expect(entries.map((e) => e.action)).toEqual(["user.create", "user.set-role", "user.disable"]);
    expect(entries[1]).toMatchObject({ before: { role: "editor" }, after: { role: "admin" } });
    expect(JSON.stringify(entries)).not.toContain("passphrase");
    expect(JSON.stringify(entries)).not.toContain("scrypt");
  });

  it("finds a user by id, and enables a disabled one again, auditing only a change", async () => {
    const carol = await security.users.create({ name: "carol", role: "viewer", password: "a long passphrase" }, cli);
    expect(await security.users.getById(carol.id)).toMatchObject({ name: "carol", role: "viewer" });
    expect(await security.users.getById("no-such-id")).toBeNull();
    await security.users.disable("carol", cli);
    expect((await security.users.enable("carol", cli)).disabledAt).toBeNull();
    expect((await security.users.enable("carol", cli)).disabledAt).toBeNull();
    expect((await security.users.verify("carol", "a long passphrase", {})).ok).toBe(true);
    await expect(security.users.enable("nobody", cli)).rejects.toMatchObject({ code: "not_found" });
    const entries = await security.audit.list();
    expect(entries.map((e) => e.action)).toEqual(["user.create", "user.disable", "user.enable"]);
  });

  it("logs a user in, and refuses a wrong password, an unknown name and a disabled user", async () => {
    const bob = await security.users.create({ name: "bob", role: "viewer", password: "bob's passphrase" }, cli);
    expect(await security.users.verify("bob", "bob's passphrase", at(clock))).toEqual({
      ok: true,
      principal: { kind: "user", id: bob.id, name: "bob", role: "viewer", actor: `user:${bob.id}` },
    });
    expect((await security.users.get("bob"))?.lastLoginAt).toBe("2026-05-01T08:00:00.000Z");
    expect(await security.users.verify("bob", "wrong", at(clock))).toEqual({ ok: false, reason: "invalid" });
    expect(await security.users.verify("carol", "anything", at(clock))).toEqual({ ok: false, reason: "invalid" });
    await security.users.disable("bob", cli);
    expect(await security.users.verify("bob", "bob's passphrase", at(clock))).toEqual({
      ok: false,
      reason: "disabled",
    });
  });

  it("locks an account after five failures, for longer after each further failure", async () => {
    await security.users.create({ name: "dana", role: "admin", password: "dana's passphrase" }, cli);
    let now = clock;
    for (let i = 0; i < 4; i++) {
      expect(await security.users.verify("dana", "guess", at(now))).toEqual({ ok: false, reason: "invalid" });
    }
    expect((await security.users.get("dana"))?.lockedUntil).toBeNull();
    await security.users.verify("dana", "guess", at(now));
    expect((await security.users.get("dana"))?.lockedUntil).toBe("2026-05-01T08:01:00.000Z");
    // While locked, even the right password is refused, and is not checked.
    expect(await security.users.verify("dana", "dana's passphrase", at(now + 30_000))).toEqual({
      ok: false,
      reason: "locked",
      lockedUntil: "2026-05-01T08:01:00.000Z",
    });
    now += 61_000;
    await security.users.verify("dana", "guess", at(now));
    expect((await security.users.get("dana"))?.lockedUntil).toBe("2026-05-01T08:03:01.000Z");
    now += 121_000;
    expect((await security.users.verify("dana", "dana's passphrase", at(now))).ok).toBe(true);
    expect(await security.users.get("dana")).toMatchObject({ failedAttempts: 0, lockedUntil: null });
    const locks = (await security.audit.list()).filter((e) => e.action === "user.lock");
    expect(locks.map((e) => [e.ip, (e.after as { failures: number }).failures])).toEqual([
      ["203.0.113.9", 5],
      ["203.0.113.9", 6],
    ]);
    expect(await security.audit.verify()).toMatchObject({ ok: true });
  });

  it("rehashes a password stored with weaker parameters at the next login", async () => {
    const weak = createSecurity({
      db,
      kv: createMemoryKeyValue(),
      now: () => new Date(clock),
      scryptParams: { N: 2 ** 8, r: 8, p: 1 },
    });
    await weak.users.create({ name: "erin", role: "viewer", password: "erin's passphrase" }, cli);
    expect((await security.users.verify("erin", "erin's passphrase", at(clock))).ok).toBe(true);
    const stored = db.raw.prepare("SELECT password_hash FROM users WHERE name = 'erin'").get() as {
      password_hash: string;
    };
    expect(stored.password_hash.startsWith("scrypt$1024$")).toBe(true);
    expect((await security.users.verify("erin", "erin's passphrase", at(clock))).ok).toBe(true);
  });
});
