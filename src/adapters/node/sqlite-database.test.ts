import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeSqlDatabaseContract } from "../../core/testing/sql-database.contract";
import { openSqliteDatabase } from "./sqlite-database";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "opendiscourse-sqlite-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describeSqlDatabaseContract("better-sqlite3 file", async () => {
  const file = path.join(dir, `${crypto.randomUUID()}.db`);
  const db = openSqliteDatabase({ path: file });
  return {
    db,
    async cleanup() {
      db.close();
      for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
    },
  };
});

describeSqlDatabaseContract("better-sqlite3 in memory", async () => {
  const db = openSqliteDatabase({ path: ":memory:" });
  return { db, cleanup: async () => db.close() };
});

describeSqlDatabaseContract("better-sqlite3 file with read threads", async () => {
  const file = path.join(dir, `${crypto.randomUUID()}.db`);
  const db = openSqliteDatabase({ path: file, readThreads: 2 });
  return {
    db,
    async cleanup() {
      await db.close();
      for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
    },
  };
});

describe("reads with read threads", () => {
  it("moves a statement measured quick to the main connection, and one slow there back to the threads", async () => {
    const file = path.join(dir, `${crypto.randomUUID()}.db`);
    const db = openSqliteDatabase({ path: file, readThreads: 1 });
    try {
      // A temporary table exists on the main connection only: the count says where a statement ran.
      db.raw.exec("CREATE TEMP TABLE here (x)");
      const where = (rows: number) =>
        db
          .prepare(
            `WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < ?)
             SELECT (SELECT count(*) FROM temp.sqlite_master) AS main, count(*) AS rows FROM r`,
          )
          .bind(rows)
          .first<{ main: number; rows: number }>();
      const places: number[] = [];
      for (let i = 0; i < 40; i++) places.push((await where(1))?.main ?? -1);
      expect(places.slice(0, 32)).toEqual(Array(32).fill(0));
      expect(places.slice(-4)).toEqual([1, 1, 1, 1]);
      // Quick so far, slow with these arguments: after a few such runs here, it goes to the threads for good.
      for (let i = 0; i < 3; i++) expect(await where(300_000)).toEqual({ main: 1, rows: 300_000 });
      for (let i = 0; i < 40; i++) expect(await where(1)).toEqual({ main: 0, rows: 1 });
    } finally {
      await db.close();
    }
  });
});
