import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type Database from "better-sqlite3";

/** The folder of `NNNN_name.sql` files shared with `wrangler d1 migrations apply`. */
export const MIGRATIONS_DIR = new URL("../../../migrations/", import.meta.url).pathname;

/**
 * Applies the migrations not yet recorded, in name order, each in its own transaction, and records them in
 * `d1_migrations` — the table wrangler uses, so a database moved between the runtimes agrees on what was applied.
 * Safe to call from several processes at once: the check and the apply happen under the write lock.
 * Returns the names applied by this call.
 */
export function applyMigrations(db: Database.Database, dir: string = MIGRATIONS_DIR): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS d1_migrations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT UNIQUE,
    applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
  )`);
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort();
  const applied: string[] = [];
  const isApplied = db.prepare("SELECT 1 FROM d1_migrations WHERE name = ?");
  const record = db.prepare("INSERT INTO d1_migrations (name) VALUES (?)");
  for (const name of files) {
    const apply = db.transaction(() => {
      if (isApplied.get(name)) return false;
      db.exec(readFileSync(join(dir, name), "utf8"));
      record.run(name);
      return true;
    });
    if (apply.immediate()) applied.push(name);
  }
  return applied;
}
