import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { filterSql } from "../../src/core/document-filters";
import { FREQUENT, keywordHits } from "../../src/core/search/keyword";
import { parseQuery } from "../../src/core/search/query-parser";
import { describeSqlDatabaseContract } from "../../src/core/testing/sql-database.contract";

describeSqlDatabaseContract("D1 binding", async () => ({ db: env.DB }));

describe("D1 with the migrations applied", () => {
  it("records every migration file as wrangler d1 migrations apply does", async () => {
    const { results } = await env.DB.prepare("SELECT name FROM d1_migrations ORDER BY id").all<{ name: string }>();
    expect(results.map((r) => r.name)).toEqual(env.TEST_MIGRATIONS.map((m) => m.name));
    expect(results.length).toBeGreaterThan(0);
  });

  it("keeps the chunks' keyword index in step through its triggers", async () => {
    const id = crypto.randomUUID();
    const now = new Date().toISOString();
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO documents (id, sha256, filename, media_type, format, size, blob_key, state, uploaded_by,
           created_at, updated_at) VALUES (?, ?, 'hr2008.txt', 'text/plain', 'text', 10, ?, 'indexed', 'test', ?, ?)`,
      ).bind(id, id, `originals/${id}`, now, now),
      env.DB.prepare(
        `INSERT INTO chunks (document_id, ord, start_offset, end_offset, heading, text)
         SELECT ?, key, 0, 0, 'SEC. 2', value FROM json_each(?)`,
      ).bind(id, JSON.stringify(["Nonpoint source management programs.", "Grants for estuaries."])),
    ]);
    const search = (q: string) =>
      env.DB.prepare(
        `SELECT c.ord FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid
         WHERE chunks_fts MATCH ? AND c.document_id = ? ORDER BY bm25(chunks_fts)`,
      )
        .bind(q, id)
        .all<{ ord: number }>()
        .then((r) => r.results.map((row) => row.ord));
    expect(await search("nonpoint")).toEqual([0]);
    expect(await search("estuary")).toEqual([1]);
    await env.DB.prepare("UPDATE chunks SET text = 'Grants for wetlands.' WHERE document_id = ? AND ord = 1")
      .bind(id)
      .run();
    expect(await search("estuary")).toEqual([]);
    await env.DB.prepare("DELETE FROM documents WHERE id = ?").bind(id).run();
    expect(await search("nonpoint")).toEqual([]);
  });

  it("lists a frequent word's documents naming it in a title first, telling title from heading with FTS5's highlight", async () => {
    const now = new Date().toISOString();
    const doc = (id: string) =>
      env.DB.prepare(
        `INSERT INTO documents (id, sha256, filename, media_type, format, size, blob_key, state, uploaded_by,
           created_at, updated_at) VALUES (?, ?, ?, 'text/plain', 'text', 10, ?, 'ready', 'test', ?, ?)`,
      ).bind(id, id, `${id}.txt`, `originals/${id}`, now, now);
    const chunks = (id: string, title: string, heading: string, texts: string[]) =>
      env.DB.prepare(
        `INSERT INTO chunks (document_id, ord, start_offset, end_offset, heading, text, title)
         SELECT ?, key, 0, 0, ?, value, CASE WHEN key = 0 THEN ? ELSE '' END FROM json_each(?)`,
      ).bind(id, heading, title, JSON.stringify(texts));
    const filler = Array.from({ length: FREQUENT + 100 }, (_, i) => `Passage ${i} of the program.`);
    await env.DB.batch([
      doc("program-filler"),
      chunks("program-filler", "", "", filler),
      doc("program-heading"),
      chunks("program-heading", "", "SEC. 3. PROGRAM", ["Amounts are authorized."]),
      doc("program-title"),
      chunks("program-title", "Harbor Program Act", "", ["Amounts are authorized."]),
    ]);
    const { hits } = await keywordHits(env.DB, parseQuery("program"), filterSql({}));
    expect(hits.map((h) => h.documentId)).toEqual(["program-title", "program-heading", "program-filler"]);
    // A frequent prefix is read as the terms under it, from the index's vocabulary (migration 0023).
    const prefixed = await keywordHits(env.DB, parseQuery("progr*"), filterSql({}));
    expect(prefixed.parsed.groups[0]?.alternatives[0]).toEqual({
      kind: "prefix",
      term: "progr",
      terms: [{ word: "program", passages: FREQUENT + 102 }],
    });
    expect(prefixed.hits.map((h) => h.documentId)).toEqual(["program-title", "program-heading", "program-filler"]);
    // Two letters are a prefix too.
    const two = await keywordHits(env.DB, parseQuery("pr*"), filterSql({}));
    expect(two.parsed.groups[0]?.alternatives[0]).toMatchObject({
      kind: "prefix",
      term: "pr",
      terms: expect.any(Array),
    });
    expect(two.hits.map((h) => h.documentId)).toEqual(prefixed.hits.map((h) => h.documentId));
    await env.DB.prepare("DELETE FROM documents WHERE id LIKE 'program-%'").run();
  });
});
