import { mkdirSync } from "node:fs";
import { AppError } from "../../core/errors";
import type {
  VectorIndex,
  VectorMatch,
  VectorMutation,
  VectorQueryOptions,
  VectorQueryResult,
  VectorRecord,
} from "../../core/ports/vector-index";
import { checkTopK, toFloat32, wantsMetadata } from "../../core/storage-rules/vector-rules";
import type { NodeSqlDatabase } from "./sqlite-database";
import { createSqliteVecStore, dropSqliteVecStore, type RowDistance, type StoredRow } from "./sqlite-vec-store";
import { type HnswParams, pruneGraphFiles } from "./usearch-hnsw";
import { createHnswKeeper, type HnswStatus } from "./vector-index-hnsw";
import { encodeFilter, prepareRecords } from "./vector-index-records";
import { approximateSearch } from "./vector-index-search";
import { createVectorIndexThread } from "./vector-index-thread";

/**
 * From this many vectors on, queries go to the HNSW graph. From bench/vector-index.ts (512 dimensions, 2 cores):
 * an exact sqlite-vec query costs about 1 ms per 1000 vectors at the median, and its p99 first passes 10 ms at
 * 10 000 vectors (5-6 ms at 5 000), while an HNSW query takes a few milliseconds (see `DEFAULT_HNSW_PARAMS`).
 */
export const DEFAULT_HNSW_THRESHOLD = 10_000;

/**
 * From bench/vector-index.ts at 100 000 vectors (3 880 real embeddings of corpus chunks, the rest modelled on them;
 * `--real`; measured with float32 graphs, before they held bfloat16): embedded search queries lie farther from every passage than passages from each other, and HNSW finds
 * their neighbours much harder than a passage's. Recall@10 for search queries / passages, p50 / p99 ms:
 * - connectivity 16, expansionAdd 128: 0.77 / 0.98 at expansionSearch 64, 0.88 at 128, 0.93 at 256, 0.96 at 512.
 * - connectivity 32, expansionAdd 256: 0.87 / 0.99 at 64 (1.5 / 2.6 ms), 0.965 / 0.998 at 128 (2.2 / 3.5 ms),
 *   0.98 / 0.999 at 256 (4.2 / 6.7 ms), 0.995 at 512 (6.9 / 9.7 ms); a graph build took about 4.5 minutes.
 * A denser graph beats a wider search at the same cost; 256 was the narrowest search reaching 0.98 on search
 * queries, for 3 ms more at p99. On the search benchmark's 100k index generated from the corpus as it is chunked now
 * (bfloat16 graph, 120 embedded queries), 256 gave recall@10 0.967 and 384 0.983 (512: 0.989), for 0.6-0.9 ms more a
 * query (2.0 → 2.6-2.8 ms), whether the bench or the index built the graph. A query for more than `expansionSearch`
 * results searches that wide anyway, and a graph of more than 100,000 vectors is searched wider (see `searchWidth`).
 */
export const DEFAULT_HNSW_PARAMS: HnswParams = { connectivity: 32, expansionAdd: 256, expansionSearch: 384 };

export interface NodeVectorIndexOptions {
  db: NodeSqlDatabase;
  /** Folder for the saved HNSW graph (next to the database); created if missing. */
  dataDir: string;
  dimensions: number;
  /** The embedding model; recorded on creation, and opening the index with another one throws `conflict`. */
  model?: string;
  /** Table and file name prefix, default "vectors". */
  name?: string;
  /** Vector count from which queries use the HNSW graph instead of exact search; 0 always uses it. */
  hnswThreshold?: number;
  hnsw?: Partial<HnswParams>;
  /**
   * Most rows per step of the graph's background work (steps are sized to take about 50 ms); a store of at most this
   * many rows has its graph built at once, before the query. Default 1000.
   */
  hnswChunkSize?: number;
  /**
   * The database's file, to answer queries on a thread of their own (see vector-index-thread.ts), which holds the
   * HNSW graph: searching, loading and building it then leave this thread free. Without it, in this thread.
   */
  thread?: {
    path: string;
    /** Told why, each time the thread could not answer a query and this thread did. */
    onFallback?: (reason: string) => void;
  };
}

export interface NodeVectorIndexStatus {
  mode: "exact" | "hnsw";
  vectorCount: number;
  /** The graph held in this process, or null when none is. */
  hnsw: HnswStatus | null;
}

export interface NodeVectorIndex extends VectorIndex {
  /** "hnsw" when queries go to the graph (once it is ready), "exact" when to sqlite-vec. */
  mode(): "exact" | "hnsw";
  /** Resolves when queries will use an up-to-date graph (at once in exact mode): for tools and benchmarks. */
  ready(): Promise<void>;
  /**
   * Loads the saved graph now (or starts building it in the background), so that the first query does not wait for
   * it; resolves once it is loaded or started. Nothing to do in exact mode.
   */
  warm(): Promise<void>;
  status(): Promise<NodeVectorIndexStatus>;
  /** Removes every vector (dimensions and model stay); other processes drop their graphs on their next query. */
  clear(): Promise<void>;
  /** Stops background work and saves the graph; the database stays open (it belongs to the caller). */
  close(): Promise<void>;
}

/**
 * A `VectorIndex` in the shared SQLite database, so writes are durable and every process using the data folder
 * (the server, a CLI ingest) sees them. Queries are exact (sqlite-vec) below `hnswThreshold` vectors; from there
 * they go to an HNSW graph (usearch) derived from the tables, which each process keeps in step from SQLite and
 * saves to `dataDir`. While the graph is first built, queries are exact; rows written since it was last up to date
 * are searched exactly beside it while it takes them in in the background (see vector-index-hnsw.ts). Writes
 * are visible to queries as soon as their promise resolves. With `thread`, writes stay on this connection and queries
 * (with the graph) move to a thread that opens the same index on its own. Throws `conflict` when the stored index
 * was made with other dimensions or another model.
 */
export function createNodeVectorIndex(options: NodeVectorIndexOptions): NodeVectorIndex {
  const name = options.name ?? "vectors";
  const threshold = options.hnswThreshold ?? DEFAULT_HNSW_THRESHOLD;
  mkdirSync(options.dataDir, { recursive: true });
  const store = createSqliteVecStore({
    raw: options.db.raw,
    name,
    dimensions: options.dimensions,
    model: options.model,
  });
  const keeper = createHnswKeeper({
    store,
    name,
    dataDir: options.dataDir,
    params: { ...DEFAULT_HNSW_PARAMS, ...options.hnsw },
    chunkSize: options.hnswChunkSize,
  });
  const { dimensions } = options;
  let closed = false;
  const open = (): void => {
    if (closed) throw new AppError("unavailable", "the vector index is closed");
  };
  const mutation = (): VectorMutation => ({ mutationId: crypto.randomUUID() });
  const modeOf = (count: number): "exact" | "hnsw" => (count >= threshold ? "hnsw" : "exact");

  const toMatches = (hits: RowDistance[], rows: Map<number, StoredRow>, query: VectorQueryOptions): VectorMatch[] => {
    const withMetadata = wantsMetadata(query.returnMetadata);
    return hits.flatMap(({ rowid, distance }) => {
      const row = rows.get(rowid);
      if (!row) return [];
      const match: VectorMatch = { id: row.id, score: 1 - distance };
      if (query.returnValues) match.values = Array.from(store.vector(rowid) ?? []);
      if (withMetadata && row.metadata) match.metadata = row.metadata;
      return [match];
    });
  };

  const index: NodeVectorIndex = {
    async upsert(vectors: VectorRecord[]) {
      open();
      store.upsert(prepareRecords(vectors, dimensions));
      return mutation();
    },
    async query(vector, query: VectorQueryOptions = {}): Promise<VectorQueryResult> {
      open();
      const topK = checkTopK(query.topK);
      const values = toFloat32(vector, dimensions, "query vector");
      const filter = encodeFilter(query.filter);
      const state = store.state();
      const prepared = modeOf(state.vectorCount) === "hnsw" ? keeper.prepare(state) : null;
      const found = prepared ? approximateSearch({ ...prepared, store, query: values, topK, filter, state }) : null;
      const hits = found?.hits ?? store.exact(values, topK, filter);
      const rows = found?.rows ?? store.rowsByRowids(hits.map((h) => h.rowid));
      const matches = toMatches(hits, rows, query);
      return { matches, count: matches.length };
    },
    async getByIds(ids: string[]) {
      open();
      return store.rowsByIds(ids).map((row) => {
        const record: VectorRecord = { id: row.id, values: Array.from(store.vector(row.rowid) ?? []) };
        if (row.metadata) record.metadata = row.metadata;
        return record;
      });
    },
    async deleteByIds(ids: string[]) {
      open();
      store.delete(ids);
      return mutation();
    },
    async describe() {
      open();
      return { dimensions, vectorCount: store.state().vectorCount };
    },
    mode() {
      return modeOf(store.state().vectorCount);
    },
    async ready() {
      for (;;) {
        open();
        const state = store.state();
        if (modeOf(state.vectorCount) === "exact" || keeper.prepare(state)?.tail.rowids.length === 0) return;
        await keeper.idle();
        if (keeper.failed()) {
          throw new AppError("unavailable", `building the HNSW graph failed: ${keeper.status(state)?.lastError}`);
        }
      }
    },
    async warm() {
      open();
      const state = store.state();
      if (modeOf(state.vectorCount) === "hnsw") keeper.prepare(state);
    },
    async status() {
      const state = store.state();
      return { mode: modeOf(state.vectorCount), vectorCount: state.vectorCount, hnsw: keeper.status(state) };
    },
    async clear() {
      open();
      store.clear(); // a background job sees the new generation at its next step and stops

      keeper.reset();
      pruneGraphFiles({ dir: options.dataDir, name, generation: store.state().generation });
    },
    async close() {
      if (closed) return;
      closed = true;
      await keeper.close();
    },
  };
  if (!options.thread) return index;
  const { db: _db, thread: _thread, ...setup } = options;
  const thread = createVectorIndexThread({ ...setup, path: options.thread.path }, index, options.thread.onFallback);
  return {
    ...index,
    query: (vector, query) => thread.query(vector, query),
    ready: () => thread.ready(),
    warm: () => thread.warm(),
    status: () => thread.status(),
    async close() {
      await thread.close();
      await index.close();
    },
  };
}

/**
 * Deletes the index called `name` (default "vectors"): its tables and its saved graphs. For re-embedding with
 * another model or dimensions; close every index open on it first. Idempotent.
 */
export function dropNodeVectorIndex(options: { db: NodeSqlDatabase; dataDir: string; name?: string }): void {
  const name = options.name ?? "vectors";
  options.db.raw.transaction(() => dropSqliteVecStore(options.db.raw, name)).immediate();
  pruneGraphFiles({ dir: options.dataDir, name });
}
