import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyMigrations } from "../../adapters/node/migrations";
import { type NodeSqlDatabase, openSqliteDatabase } from "../../adapters/node/sqlite-database";
import { createMemoryKeyValue } from "../testing/memory-key-value";
import { createSecurity, type Security } from ".";

const FAST = { N: 2 ** 10, r: 8, p: 1 };
const PASSWORD = "a long enough passphrase";

describe("first-admin setup", () => {
  let db: NodeSqlDatabase;
  let security: Security;

  beforeEach(() => {
    db = openSqliteDatabase({ path: ":memory:" });
    applyMigrations(db.raw);
    security = createSecurity({ db, kv: createMemoryKeyValue(), scryptParams: FAST });
  });
  afterEach(() => db.close());

  it("makes exactly one admin when two requests race with the same token", async () => {
    const token = (await security.setup.issue()) ?? "";
    const results = await Promise.allSettled([
      security.setup.complete({ token, name: "first", password: PASSWORD }, {}),
      security.setup.complete({ token, name: "second", password: PASSWORD }, {}),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((await security.users.list()).map((u) => u.role)).toEqual(["admin"]);
    expect(await security.setup.required()).toBe(false);
  });

  it("stays open while only non-admins exist, and stays closed once an admin does", async () => {
    expect(await security.setup.required()).toBe(false);
    await security.users.create({ name: "ed", role: "editor", password: PASSWORD }, { actor: "cli" });
    const token = await security.setup.issue();
    expect(token).not.toBeNull();
    expect(await security.setup.required()).toBe(true);
    await security.users.create({ name: "root", role: "admin", password: PASSWORD }, { actor: "cli" });
    expect(await security.setup.required()).toBe(false);
    await expect(
      security.setup.complete({ token: token ?? "", name: "late", password: PASSWORD }, {}),
    ).rejects.toMatchObject({ code: "conflict" });
    expect(await security.setup.issue()).toBeNull();
  });
});
