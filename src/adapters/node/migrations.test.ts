import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { applyMigrations, MIGRATIONS_DIR } from "./migrations";

describe("applyMigrations", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("applies the project's migrations once, records them as wrangler does, and never again", () => {
    dir = mkdtempSync(join(tmpdir(), "opendiscourse-migrations-"));
    const path = join(dir, "db.sqlite");
    const first = new Database(path);
    const second = new Database(path);
    const project = readdirSync(MIGRATIONS_DIR)
      .filter((name) => name.endsWith(".sql"))
      .sort();
    expect(project.slice(0, 2)).toEqual(["0001_initial.sql", "0002_document_metadata.sql"]);
    expect(applyMigrations(first)).toEqual(project);
    expect(applyMigrations(second)).toEqual([]);
    expect(applyMigrations(first)).toEqual([]);
    const rows = first.prepare("SELECT name FROM d1_migrations").all();
    expect(rows).toEqual(project.map((name) => ({ name })));
    expect(first.prepare("SELECT name FROM sqlite_master WHERE name = 'chunks_fts'").get()).toBeTruthy();
    first.close();
    second.close();
  });

  it("applies only new files, in name order, and records nothing of one that fails", () => {
    dir = mkdtempSync(join(tmpdir(), "opendiscourse-migrations-"));
    writeFileSync(join(dir, "0002_second.sql"), "CREATE TABLE b (x);");
    writeFileSync(join(dir, "0001_first.sql"), "CREATE TABLE a (x);");
    writeFileSync(join(dir, "notes.txt"), "not a migration");
    const db = new Database(":memory:");
    expect(applyMigrations(db, dir)).toEqual(["0001_first.sql", "0002_second.sql"]);
    writeFileSync(join(dir, "0003_broken.sql"), "CREATE TABLE c (x); CREATE TABLE a (x);");
    expect(() => applyMigrations(db, dir)).toThrow(/already exists/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'c'").get()).toBeUndefined();
    expect(db.prepare("SELECT COUNT(*) AS n FROM d1_migrations").get()).toEqual({ n: 2 });
    db.close();
  });
});
