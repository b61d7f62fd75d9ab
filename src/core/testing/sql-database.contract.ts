import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SqlDatabase } from "../ports/sql-database";

export interface SqlDatabaseHarness {
  db: SqlDatabase;
  cleanup?(): Promise<void>;
}

/**
 * The behaviour every `SqlDatabase` must share with D1. Each test creates its own uniquely named tables, so the
 * factory may hand out one shared database (a D1 binding) or a fresh one per test (a temporary SQLite file).
 */
export function describeSqlDatabaseContract(name: string, factory: () => Promise<SqlDatabaseHarness>): void {
  describe(`SqlDatabase contract: ${name}`, () => {
    let harness: SqlDatabaseHarness;
    let db: SqlDatabase;
    let table: string;

    beforeEach(async () => {
      harness = await factory();
      db = harness.db;
      table = `contract_${crypto.randomUUID().replaceAll("-", "")}`;
      await db
        .prepare(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, score REAL, data BLOB)`)
        .run();
    });

    afterEach(async () => {
      await db.prepare(`DROP TABLE IF EXISTS ${table}`).run();
      await harness.cleanup?.();
    });

    it("binds positional and numbered parameters, and bind leaves the original statement unbound", async () => {
      const base = db.prepare("SELECT ?1 || '-' || ?2 || '-' || ?1 AS joined");
      const a = base.bind("x", "y");
      const b = base.bind("p", "q");
      expect(await a.first("joined")).toBe("x-y-x");
      expect(await b.first("joined")).toBe("p-q-p");
      expect(await db.prepare("SELECT ? + ? AS total").bind(2, 3).first("total")).toBe(5);
    });

    it("first returns the first row, a named column, or null when there is no row", async () => {
      await db.prepare(`INSERT INTO ${table} (name, score) VALUES ('a', 1.5), ('b', 2.5)`).run();
      const row = await db.prepare(`SELECT id, name, score FROM ${table} ORDER BY id`).first();
      expect(row).toEqual({ id: 1, name: "a", score: 1.5 });
      expect(await db.prepare(`SELECT name FROM ${table} WHERE score > ?`).bind(2).first("name")).toBe("b");
      expect(await db.prepare(`SELECT * FROM ${table} WHERE name = ?`).bind("zzz").first()).toBeNull();
      expect(await db.prepare(`SELECT name FROM ${table} WHERE name = ?`).bind("zzz").first("name")).toBeNull();
    });

    it("first rejects a column the row does not have", async () => {
      await db.prepare(`INSERT INTO ${table} (name) VALUES ('a')`).run();
      await expect(db.prepare(`SELECT name FROM ${table}`).first("missing")).rejects.toThrow();
    });

    it("all returns every row in query order", async () => {
      const insert = db.prepare(`INSERT INTO ${table} (name, score) VALUES (?, ?)`);
      await db.batch([insert.bind("c", 3), insert.bind("a", 1), insert.bind("b", 2)]);
      const { results } = await db.prepare(`SELECT name, score FROM ${table} ORDER BY score DESC`).all();
      expect(results).toEqual([
        { name: "c", score: 3 },
        { name: "b", score: 2 },
        { name: "a", score: 1 },
      ]);
      const empty = await db.prepare(`SELECT name FROM ${table} WHERE score > 99`).all();
      expect(empty.results).toEqual([]);
    });

    it("run reports changes and the last inserted rowid", async () => {
      const first = await db.prepare(`INSERT INTO ${table} (name) VALUES (?)`).bind("a").run();
      expect(first.meta.changes).toBe(1);
      expect(first.meta.last_row_id).toBe(1);
      const second = await db.prepare(`INSERT INTO ${table} (id, name) VALUES (41, 'b'), (42, 'c')`).run();
      expect(second.meta.changes).toBe(2);
      expect(second.meta.last_row_id).toBe(42);
      const updated = await db.prepare(`UPDATE ${table} SET score = 1 WHERE id > ?`).bind(1).run();
      expect(updated.meta.changes).toBe(2);
      const deleted = await db.prepare(`DELETE FROM ${table} WHERE name = ?`).bind("nobody").run();
      expect(deleted.meta.changes).toBe(0);
    });

    it("run and first return the rows of a RETURNING clause", async () => {
      const inserted = await db
        .prepare(`INSERT INTO ${table} (name, score) VALUES (?, ?), (?, ?) RETURNING id, name`)
        .bind("a", 1, "b", 2)
        .run<{ id: number; name: string }>();
      expect(inserted.results).toEqual([
        { id: 1, name: "a" },
        { id: 2, name: "b" },
      ]);
      expect(inserted.meta.changes).toBe(2);
      expect(inserted.meta.last_row_id).toBe(2);
      const id = await db.prepare(`UPDATE ${table} SET score = 9 WHERE name = ? RETURNING id`).bind("b").first("id");
      expect(id).toBe(2);
      const updated = await db.prepare(`UPDATE ${table} SET score = score + 1 RETURNING id`).all();
      expect(updated.results).toHaveLength(2);
      expect(updated.meta.changes).toBe(2);
      expect(await db.prepare(`SELECT score FROM ${table} WHERE id = 2`).first("score")).toBe(10);
    });

    it("ON CONFLICT DO NOTHING RETURNING returns a row only for what was inserted", async () => {
      const upsert = db.prepare(`INSERT INTO ${table} (name) VALUES (?) ON CONFLICT (name) DO NOTHING RETURNING id`);
      const fresh = await upsert.bind("a").run();
      expect(fresh.results).toEqual([{ id: 1 }]);
      const again = await upsert.bind("a").run();
      expect(again.results).toEqual([]);
      expect(await upsert.bind("a").first("id")).toBeNull();
      expect(await db.prepare(`SELECT count(*) AS n FROM ${table}`).first("n")).toBe(1);
    });

    it("round-trips NULL, integers, reals, text, booleans and blobs", async () => {
      const text = "Sec. 2. — «Définitions» 法案 🇺🇸\n\ttab";
      const bytes = new Uint8Array([0, 1, 2, 127, 128, 254, 255]);
      const insert = db.prepare(`INSERT INTO ${table} (id, name, score, data) VALUES (?, ?, ?, ?)`);
      await insert.bind(1, text, null, bytes).run();
      await insert.bind(2, "real", -0.125, bytes.slice(2).buffer).run();
      await insert.bind(3, "bool", true, null).run();
      await insert.bind(4, "big", 2 ** 52 + 1, new Uint8Array(0)).run();

      const rows = await db
        .prepare(`SELECT id, name, score, data, typeof(data) AS kind FROM ${table} ORDER BY id`)
        .all();
      const [one, two, three, four] = rows.results;
      expect(one).toMatchObject({ id: 1, name: text, score: null, kind: "blob" });
      expect(two).toMatchObject({ id: 2, name: "real", score: -0.125, kind: "blob" });
      expect(three).toMatchObject({ id: 3, name: "bool", score: 1, data: null, kind: "null" });
      expect(four).toMatchObject({ id: 4, score: 2 ** 52 + 1, kind: "blob" });
      // D1 returns blobs as arrays of byte values, better-sqlite3 as byte arrays: both are lists of bytes.
      expect(Array.from(one?.data as ArrayLike<number>)).toEqual(Array.from(bytes));
      expect(Array.from(two?.data as ArrayLike<number>)).toEqual([2, 127, 128, 254, 255]);
      expect(Array.from(four?.data as ArrayLike<number>)).toEqual([]);
      expect(await db.prepare(`SELECT hex(data) AS h FROM ${table} WHERE id = 1`).first("h")).toBe("0001027F80FEFF");
      expect(await db.prepare("SELECT length(?) AS n").bind(text).first("n")).toBe([...text].length);
    });

    it("batch runs statements in order and returns their results in order", async () => {
      const results = await db.batch<{ id?: number; n?: number }>([
        db.prepare(`INSERT INTO ${table} (name) VALUES (?) RETURNING id`).bind("a"),
        db.prepare(`INSERT INTO ${table} (name) VALUES (?)`).bind("b"),
        db.prepare(`SELECT count(*) AS n FROM ${table}`),
      ]);
      expect(results).toHaveLength(3);
      expect(results[0]?.results).toEqual([{ id: 1 }]);
      expect(results[1]?.meta.changes).toBe(1);
      expect(results[1]?.meta.last_row_id).toBe(2);
      expect(results[2]?.results).toEqual([{ n: 2 }]);
    });

    it("batch is atomic: a failing statement rolls back every statement before it", async () => {
      await db.prepare(`INSERT INTO ${table} (name) VALUES ('taken')`).run();
      const insert = db.prepare(`INSERT INTO ${table} (name) VALUES (?)`);
      await expect(
        db.batch([
          insert.bind("first"),
          db.prepare(`UPDATE ${table} SET score = 7 WHERE name = 'taken'`),
          insert.bind("taken"),
          insert.bind("never"),
        ]),
      ).rejects.toThrow();
      const { results } = await db.prepare(`SELECT name, score FROM ${table} ORDER BY id`).all();
      expect(results).toEqual([{ name: "taken", score: null }]);
    });

    it("rejects invalid SQL when the statement runs", async () => {
      await expect(db.prepare("SELEC 1").all()).rejects.toThrow();
      await expect(db.prepare(`SELECT nope FROM ${table}`).first()).rejects.toThrow();
    });

    it("expands json_each for a bulk insert and builds JSON with json_object and json_group_array", async () => {
      const people = [
        { name: "Sen. Smith", score: 0.5 },
        { name: "Rep. Jones", score: 2 },
        { name: 'Rep. O\'Brien "Jr."', score: null },
      ];
      const inserted = await db
        .prepare(
          `INSERT INTO ${table} (name, score)
           SELECT json_extract(value, '$.name'), json_extract(value, '$.score') FROM json_each(?)
           RETURNING name`,
        )
        .bind(JSON.stringify(people))
        .run<{ name: string }>();
      expect(inserted.results.map((r) => r.name)).toEqual(people.map((p) => p.name));
      expect(inserted.meta.changes).toBe(3);

      const ids = await db
        .prepare(`SELECT name FROM ${table} WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`)
        .bind("[1, 3]")
        .all<{ name: string }>();
      expect(ids.results.map((r) => r.name)).toEqual(["Sen. Smith", 'Rep. O\'Brien "Jr."']);

      const json = await db
        .prepare(`SELECT json_group_array(json_object('name', name, 'score', score)) AS doc FROM ${table}`)
        .first<string>("doc");
      expect(JSON.parse(json ?? "null")).toEqual(people);
    });

    it("searches an FTS5 index with MATCH, porter stemming and bm25 ranking", async () => {
      const fts = `${table}_fts`;
      await db.prepare(`CREATE VIRTUAL TABLE ${fts} USING fts5 (heading, text, tokenize = 'porter unicode61')`).run();
      try {
        const insert = db.prepare(`INSERT INTO ${fts} (rowid, heading, text) VALUES (?, ?, ?)`);
        await db.batch([
          insert.bind(1, "Appropriations", "Funds are appropriated for the Department of Agriculture."),
          insert.bind(2, "Water", "Grants for rural water systems. Rural communities receive water grants."),
          insert.bind(3, "Definitions", "In this Act, the term rural area means any area other than a city."),
          insert.bind(4, "Highways", "Federal-aid highway funding for states."),
        ]);
        const ranked = await db
          .prepare(`SELECT rowid AS id, bm25(${fts}) AS rank FROM ${fts} WHERE ${fts} MATCH ? ORDER BY rank`)
          .bind("rural")
          .all<{ id: number; rank: number }>();
        expect(ranked.results.map((r) => r.id)).toEqual([2, 3]);
        // bm25 is negative, and lower is better.
        const [best, next] = ranked.results;
        expect(best?.rank).toBeLessThan(next?.rank ?? 0);

        const stemmed = await db
          .prepare(`SELECT rowid AS id FROM ${fts} WHERE ${fts} MATCH ? ORDER BY rowid`)
          .bind("appropriate")
          .all<{ id: number }>();
        expect(stemmed.results).toEqual([{ id: 1 }]);

        const column = await db
          .prepare(`SELECT rowid AS id FROM ${fts} WHERE ${fts} MATCH ? ORDER BY rowid`)
          .bind('heading:"water"')
          .all<{ id: number }>();
        expect(column.results).toEqual([{ id: 2 }]);

        const snippet = await db
          .prepare(`SELECT highlight(${fts}, 1, '[', ']') AS h FROM ${fts} WHERE ${fts} MATCH ?`)
          .bind("highway")
          .first<string>("h");
        expect(snippet).toBe("Federal-aid [highway] funding for states.");
      } finally {
        await db.prepare(`DROP TABLE IF EXISTS ${fts}`).run();
      }
    });
  });
}
