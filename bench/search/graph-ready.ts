/**
 * Brings a benchmark folder's HNSW graph up to the current settings before anything is timed. A graph saved with
 * other settings (an older connectivity) is not loaded: the index rebuilds it in the background and answers exactly
 * meanwhile, so a server started on such a folder would be timed on exact search for its first minutes, and a
 * process that closes before the rebuild ends throws the work away. This waits for the build and saves the graph.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { openSqliteDatabase } from "../../src/adapters/node/sqlite-database";
import { createNodeVectorIndex } from "../../src/adapters/node/vector-index";

export interface GraphPreparation {
  mode: "exact" | "hnsw";
  /** Seconds spent loading (or building) the graph. */
  seconds: number;
  /** True when no saved graph could be used and one was built. */
  rebuilt: boolean;
  files: string[];
}

const graphFiles = (dir: string) => readdirSync(dir).filter((f) => /^vectors\..*\.usearch$/.test(f));

export async function prepareGraph(dataDir: string): Promise<GraphPreparation> {
  const before = graphFiles(dataDir);
  const db = openSqliteDatabase({ path: join(dataDir, "opendiscourse.db") });
  try {
    const meta = db.raw.prepare("SELECT value FROM index_meta WHERE key = 'embedding'").get() as
      | { value: string }
      | undefined;
    if (!meta) throw new Error(`no embedding recorded in ${dataDir}`);
    const { model, dimensions } = JSON.parse(meta.value) as { model: string; dimensions: number };
    const index = createNodeVectorIndex({ db, dataDir, dimensions, model });
    const mode = index.mode();
    const t0 = performance.now();
    try {
      await index.ready();
    } finally {
      await index.close();
    }
    const seconds = (performance.now() - t0) / 1000;
    const after = graphFiles(dataDir);
    return { mode, seconds, rebuilt: after.some((f) => !before.includes(f)), files: after };
  } finally {
    await db.close();
  }
}
