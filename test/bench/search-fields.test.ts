import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fillSearchFields } from "../../bench/search/search-fields";
import { applyMigrations } from "../../src/adapters/node/migrations";
import { openSqliteDatabase } from "../../src/adapters/node/sqlite-database";

describe("fillSearchFields", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("makes citations and titles of chunks written straight into the tables searchable as the pipeline does", async () => {
    const dir = mkdtempSync(join(tmpdir(), "opendiscourse-search-fields-"));
    dirs.push(dir);
    const db = openSqliteDatabase({ path: join(dir, "opendiscourse.db") });
    const raw = db.raw;
    applyMigrations(raw);
    raw
      .prepare(
        `INSERT INTO documents (id, sha256, filename, media_type, format, size, blob_key, title, state, chunk_count,
           uploaded_by, created_at, updated_at, bill_id)
         VALUES ('d1', 'x', 'a.xml', 'application/xml', 'xml', 1, 'b/d1', 'Veterans Claims Act', 'ready', 2, 'bench',
           '2024-01-01', '2024-01-01', '118-hr-5119')`,
      )
      .run();
    const chunk = raw.prepare(
      "INSERT INTO chunks (document_id, ord, start_offset, end_offset, heading, text) VALUES ('d1', ?, 0, 1, '', ?)",
    );
    chunk.run(0, "Section 1. Short title.");
    chunk.run(1, "as provided in 38 U.S.C. 5107 and Public Law 110–28");
    const hits = (expression: string) =>
      raw.prepare("SELECT count(*) AS n FROM chunks_fts WHERE chunks_fts MATCH ?").get(expression) as { n: number };

    expect(hits('"usc38s5107"').n).toBe(0);
    expect(fillSearchFields(raw)).toMatchObject({ units: 1, titles: 1 });
    expect(hits('"usc38s5107"').n).toBe(1);
    expect(hits('"pl110n28"').n).toBe(1);
    expect(hits('title:"hr5119"').n).toBe(1);
    expect(hits('title:"veterans"').n).toBe(1);
    // A second pass finds nothing left to change.
    expect(fillSearchFields(raw)).toMatchObject({ units: 0, titles: 0 });
    await db.close();
  });
});
