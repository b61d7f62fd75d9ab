import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type NodeSqlDatabase, openSqliteDatabase } from "./sqlite-database";
import { createSqliteReadPool, type SqliteReadPool } from "./sqlite-read-pool";

let dir: string;
const opened: { close(): Promise<void> }[] = [];
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "opendiscourse-read-pool-"));
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function open(readThreads: number): NodeSqlDatabase {
  const db = openSqliteDatabase({ path: path.join(dir, `${crypto.randomUUID()}.db`), readThreads });
  db.raw.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, data BLOB)");
  opened.push(db);
  return db;
}

function pool(file: string, options: { workerUrl?: URL } = {}): SqliteReadPool {
  const created = createSqliteReadPool({ path: file, size: 1, ...options });
  opened.push(created);
  return created;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

describe("sqlite read pool", () => {
  it("sees every write committed before the read, on each thread", async () => {
    const db = open(2);
    for (let i = 1; i <= 20; i++) {
      await db.prepare("INSERT INTO t (name) VALUES (?)").bind(`n${i}`).run();
      // Several reads at once land on both threads; each must see the row just written.
      const counts = await Promise.all(
        [1, 2, 3].map(() => db.prepare("SELECT count(*) AS n FROM t").first<number>("n")),
      );
      expect(counts).toEqual([i, i, i]);
    }
    await db.batch([
      db.prepare("UPDATE t SET name = 'renamed' WHERE id = 1"),
      db.prepare("DELETE FROM t WHERE id = 2"),
    ]);
    expect(await db.prepare("SELECT name FROM t WHERE id = 1").first("name")).toBe("renamed");
    expect((await db.prepare("SELECT id FROM t WHERE id <= 3 ORDER BY id").all()).results).toEqual([
      { id: 1 },
      { id: 3 },
    ]);
  });

  it("keeps writes with RETURNING on the main connection and reports their changes", async () => {
    const db = open(1);
    const { results, meta } = await db.prepare("INSERT INTO t (name) VALUES ('a') RETURNING id").all();
    expect(results).toEqual([{ id: 1 }]);
    expect(meta.changes).toBe(1);
  });

  it("returns blobs as Buffers and binds byte arrays, as the main connection does", async () => {
    const db = open(1);
    await db
      .prepare("INSERT INTO t (name, data) VALUES ('b', ?)")
      .bind(new Uint8Array([1, 2, 3]))
      .run();
    const row = await db
      .prepare("SELECT data FROM t WHERE data = ?")
      .bind(new Uint8Array([1, 2, 3]))
      .first<{ data: Buffer }>();
    expect(Buffer.isBuffer(row?.data)).toBe(true);
    expect([...(row?.data ?? [])]).toEqual([1, 2, 3]);
  });

  it("returns the same values as the main connection, to the last bit", async () => {
    const pooled = open(1);
    const direct = open(0);
    const sql = `SELECT 0.1 + 0.2 AS sum, 9007199254740991 AS big, -0.0 AS negativeZero, 1e999 AS infinite,
      -1e999 AS negativeInfinite, NULL AS absent, 'é\u2028"' AS text, x'00ff' AS bytes, 1.5e-320 AS tiny`;
    const [a, b] = [await pooled.prepare(sql).first(), await direct.prepare(sql).first()];
    expect(a).toEqual(b);
    expect(Object.is((a as { negativeZero: number }).negativeZero, (b as { negativeZero: number }).negativeZero)).toBe(
      true,
    );
    const plain = "SELECT 0.1 + 0.2 AS sum, 'a' AS text, NULL AS absent UNION ALL SELECT 1, 'b', 2";
    expect((await pooled.prepare(plain).all()).results).toEqual((await direct.prepare(plain).all()).results);
  });

  it("surfaces the same errors as the main connection", async () => {
    const pooled = open(1);
    const direct = open(0);
    const cases = [
      (db: NodeSqlDatabase) => db.prepare("SELECT json_extract('not json', '$') AS x").first(),
      (db: NodeSqlDatabase) => db.prepare("SELECT ? AS x").all(),
      (db: NodeSqlDatabase) => db.prepare("SELECT * FROM missing").all(),
    ];
    for (const run of cases) {
      const [a, b] = [await failure(run(pooled)), await failure(run(direct))];
      expect(a.constructor).toBe(b.constructor);
      expect(a.message).toBe(b.message);
      expect((a as { code?: string }).code).toBe((b as { code?: string }).code);
    }
    expect(await failure(pooled.prepare("SELECT json('[')").first())).toBeInstanceOf(Database.SqliteError);
  });

  it("fails the read a dying thread was serving, and answers the next on a new thread", async () => {
    const db = open(0);
    db.raw.exec("INSERT INTO t (name) VALUES ('x')");
    const reads = pool(db.raw.name, { workerUrl: new URL("./sqlite-read-pool.crash-fixture.mjs", import.meta.url) });
    const error = await failure(reads.read({ sql: "SELECT 1 AS crash_now", args: [], first: true }));
    expect(error).toMatchObject({ code: "unavailable" });
    expect(error.message).toMatch(/read thread stopped/);
    expect(await reads.read({ sql: "SELECT name FROM t", args: [], first: false })).toEqual([{ name: "x" }]);
  });

  it("rejects with the reason when a connection cannot open", async () => {
    const reads = pool(path.join(dir, "absent.db"));
    const error = await failure(reads.read({ sql: "SELECT 1", args: [], first: true }));
    expect(error).toBeInstanceOf(Database.SqliteError);
    expect(error.message).toMatch(/unable to open/);
  });

  it("rejects reads pending or issued after close", async () => {
    const db = open(0);
    const reads = createSqliteReadPool({ path: db.raw.name, size: 1 });
    const pending = failure(reads.read({ sql: "SELECT 1 AS one", args: [], first: true }));
    await reads.close();
    await reads.close();
    expect(await pending).toMatchObject({ code: "unavailable" });
    expect(await failure(reads.read({ sql: "SELECT 1", args: [], first: true }))).toMatchObject({
      code: "unavailable",
    });
  });
});
