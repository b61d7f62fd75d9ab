import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { openSqliteDatabase } from "./sqlite-database";
import { createNodeVectorIndex } from "./vector-index";

const run = promisify(execFile);
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** An ingest in another process: upserts `count` vectors near axis `axis`, ids `<prefix><i>`. */
const childSource = `
import { openSqliteDatabase } from ${JSON.stringify(here("./sqlite-database.ts"))};
import { createNodeVectorIndex } from ${JSON.stringify(here("./vector-index.ts"))};
const [dir, prefix, count, axis] = process.argv.slice(2);
const db = openSqliteDatabase({ path: dir + "/data.db" });
const index = createNodeVectorIndex({ db, dataDir: dir, dimensions: 4, hnswThreshold: 0 });
await index.upsert(Array.from({ length: Number(count) }, (_, i) => {
  const values = [0.01 * i, 0.01, 0.01, 0.01];
  values[Number(axis)] = 1;
  return { id: prefix + i, values };
}));
await index.close();
db.close();
`;

it.each([
  ["in the caller's thread", false],
  ["on a thread of its own", true],
])("sees vectors written by another process, through its HNSW graph %s", async (_, threaded) => {
  const dir = mkdtempSync(join(tmpdir(), "vector-index-process-"));
  try {
    writeFileSync(join(dir, "ingest.mts"), childSource);
    const ingest = (prefix: string, count: number, axis: number) =>
      run(process.execPath, ["--import", "tsx", join(dir, "ingest.mts"), dir, prefix, String(count), String(axis)], {
        cwd: here("../../.."),
      });
    const path = join(dir, "data.db");
    const db = openSqliteDatabase({ path });
    const thread = threaded ? { path } : undefined;
    const server = createNodeVectorIndex({ db, dataDir: dir, dimensions: 4, hnswThreshold: 0, thread });
    await ingest("a", 30, 1);
    expect((await server.query([0, 1, 0, 0], { topK: 1 })).matches[0]?.id).toBe("a0");
    await ingest("b", 20, 2);
    const result = await server.query([0, 0, 1, 0], { topK: 3 });
    expect(result.matches.map((m) => m.id)).toEqual(["b0", "b1", "b2"]);
    // Found beside the graph, which takes them in in the background.
    await server.ready();
    expect(await server.status()).toMatchObject({ mode: "hnsw", vectorCount: 50, hnsw: { size: 50, tombstones: 0 } });
    await server.close();
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
