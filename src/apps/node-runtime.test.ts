import { mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { applyMigrations, MIGRATIONS_DIR } from "../adapters/node/migrations";
import { configSchema } from "../core/config";
import { silentLogger } from "../core/observability";
import { keywordIndexStructure, MERGE_PENDING } from "../core/search/index-upkeep";
import { openNodeRuntime } from "./node-runtime";

const CHUNKS = 450;

describe("the Node runtime on a database from before acronyms were indexed", () => {
  const folders: string[] = [];
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), "opendiscourse-upgrade-"));
    folders.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("fills every chunk's acronyms and merges the index in the background once its workers start", async () => {
    // The database as migrations up to 0009 left it, with a document already processed.
    const earlier = folder();
    for (const name of readdirSync(MIGRATIONS_DIR).filter((f) => f < "0010")) {
      symlinkSync(join(MIGRATIONS_DIR, name), join(earlier, name));
    }
    const dataDir = folder();
    const raw = new Database(join(dataDir, "opendiscourse.db"));
    applyMigrations(raw, earlier);
    const at = new Date(0).toISOString();
    raw
      .prepare(
        `INSERT INTO documents (id, sha256, filename, media_type, format, size, blob_key, title, state, chunk_count,
           uploaded_by, created_at, updated_at) VALUES ('memo', 'memo', 'memo.txt', 'text/plain', 'text', 1, 'k', 'Memo',
           'ready', ?, 'test', ?, ?)`,
      )
      .run(CHUNKS, at, at);
    const chunk = raw.prepare(
      "INSERT INTO chunks (document_id, ord, start_offset, end_offset, text) VALUES ('memo', ?, 0, 1, ?)",
    );
    for (let ord = 0; ord < CHUNKS; ord++) {
      chunk.run(
        ord,
        ord === CHUNKS - 1 ? "Loans under the CARES Act are forgiven." : "The program cares for veterans.",
      );
    }
    raw.close();

    const runtime = await openNodeRuntime(configSchema.parse({ dataDir, embedder: "none" }), silentLogger);
    const workers = runtime.startWorkers();
    try {
      const { db } = runtime.services.deps;
      // Chunks left to fill, and then whether the index is still to be merged.
      const pending = () =>
        db
          .prepare(
            `SELECT (SELECT count(*) FROM chunks WHERE acronyms IS NULL)
               + (SELECT count(*) FROM index_meta WHERE key = ?) AS n`,
          )
          .bind(MERGE_PENDING)
          .first<number>("n");
      const deadline = Date.now() + 20_000;
      while ((await pending()) !== 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(await pending()).toBe(0);
      expect((await keywordIndexStructure(db)).segments).toHaveLength(1);
      const page = await runtime.services.search({ q: "CARES Act", mode: "keyword" });
      expect(page.results.map((r) => [r.documentId, r.snippet])).toEqual([
        ["memo", "Loans under the CARES Act are forgiven."],
      ]);
    } finally {
      await workers.stop();
      await runtime.close();
    }
  });
});
