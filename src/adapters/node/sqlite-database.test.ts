import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
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
