import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { Index, MetricKind, ScalarKind } from "usearch";
import type { RowDistance } from "./sqlite-vec-store";

export interface HnswParams {
  /** Edges per node (usearch `connectivity`, HNSW's M). */
  connectivity: number;
  /** Candidate list size while inserting (efConstruction). */
  expansionAdd: number;
  /** Candidate list size while searching (ef). */
  expansionSearch: number;
}

/**
 * An HNSW graph over some of the store's rows, keyed by rowid: every row with a rowid up to `watermark` that
 * existed when it was read is in it. Rows deleted or replaced since stay in the graph as tombstones; the caller
 * filters them against the store.
 */
export interface HnswGraph {
  readonly index: Index;
  /** The search width at `WIDTH_REFERENCE_SIZE` vectors (see `searchWidth`). */
  readonly expansionSearch: number;
  readonly generation: string;
  watermark: number;
  /** Vectors added since the graph was last saved or loaded. */
  unsaved: number;
}

/**
 * Vectors are held in the graph as bfloat16: against float32 (30,000 corpus vectors, 150 embedded search queries, 2
 * cores with AVX-512) searches took a third of the time (p50 0.77 against 2.1 ms), graphs built 2.5 times faster in
 * half the memory, and recall@10 against exact float32 search stayed 0.997 (float16: 1.1 ms, 0.997; int8: 0.7 ms but
 * 0.934). Saved graphs carry the kind in their name, so one of another kind is rebuilt, not loaded.
 */
const SCALAR = { kind: ScalarKind.BF16, name: "bf16" };

export function createHnswGraph(options: { dimensions: number; params: HnswParams; generation: string }): HnswGraph {
  const { params } = options;
  const index = new Index({
    dimensions: options.dimensions,
    metric: MetricKind.Cos,
    connectivity: params.connectivity,
    expansion_add: params.expansionAdd,
    expansion_search: params.expansionSearch,
    quantization: SCALAR.kind,
    multi: false,
  });
  return { index, expansionSearch: params.expansionSearch, generation: options.generation, watermark: 0, unsaved: 0 };
}

/** The graph size the configured search width is meant for. */
export const WIDTH_REFERENCE_SIZE = 100_000;
/** How much wider a graph ten times the reference size is searched. */
const WIDER_PER_TENFOLD = 2;

/**
 * The search width a graph of `size` vectors needs for the recall `expansionSearch` gives at
 * `WIDTH_REFERENCE_SIZE`: twice as wide per tenfold size. On the search benchmark's 120 embedded queries
 * (bfloat16, connectivity 32, vectors that grow denser with the index as real ones do), width 256 gave recall@10
 * 0.991 at 100,000 vectors but 0.973 at 1,000,000, where 384 gave 0.990 (4.8 against 4.0 ms a query) and 512 gave
 * 0.995 (6.0 ms). Generated from the corpus as it is chunked now (no chunks of rules or signature lines), whose
 * vectors crowd closer as they grow (the nearest neighbour's distance ×0.901 per doubling, ×0.884 before), 384 gave
 * 0.974 at 1,000,000.
 */
export function searchWidth(expansionSearch: number, size: number): number {
  return Math.round(expansionSearch * Math.max(1, size / WIDTH_REFERENCE_SIZE) ** Math.log10(WIDER_PER_TENFOLD));
}

/** Adds rows in rowid order (vectors packed one after another) and moves the watermark to the last one. */
export function addToGraph(graph: HnswGraph, rowids: number[], vectors: Float32Array): void {
  const last = rowids.at(-1);
  if (last === undefined) return;
  graph.index.add(BigUint64Array.from(rowids, BigInt), vectors, 0);
  graph.watermark = last;
  graph.unsaved += rowids.length;
}

/**
 * The `k` nearest rowids in the graph, tombstones included, as cosine distances. usearch searches as wide as the
 * results asked for when that is more than its own width, so a larger graph is searched wider by asking for more.
 */
export function searchGraph(graph: HnswGraph, query: Float32Array, k: number): RowDistance[] {
  const size = graph.index.size();
  if (size === 0) return [];
  const found = graph.index.search(query, Math.min(Math.max(k, searchWidth(graph.expansionSearch, size)), size), 1);
  const count = Math.min(k, found.keys.length);
  return Array.from({ length: count }, (_, i) => ({
    rowid: Number(found.keys[i]),
    distance: found.distances[i] ?? 2,
  }));
}

/** Graphs saved before the kind was named hold float32. */
const FILE = /^([a-z][a-z0-9_]*)\.([0-9a-f-]{36})\.(\d+)\.(\d+)(?:\.([a-z0-9]+))?\.usearch$/;
const STALE_TEMP_MS = 3_600_000;

/**
 * Saved graphs are named `<name>.<generation>.<watermark>.<bytes>.<kind>.usearch`: a file says what it covers
 * without a second file that could disagree with it, replacing one is a single rename, and a file of the wrong length
 * is never handed to usearch (whose loader can crash the process on a damaged file rather than throw).
 */
export function saveGraph(graph: HnswGraph, options: { dir: string; name: string }): string {
  mkdirSync(options.dir, { recursive: true });
  const prefix = join(options.dir, `${options.name}.${graph.generation}.${graph.watermark}`);
  const temp = `${prefix}.${process.pid}.${Date.now()}.tmp`;
  let path: string;
  try {
    graph.index.save(temp);
    path = `${prefix}.${statSync(temp).size}.${SCALAR.name}.usearch`;
    renameSync(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
  graph.unsaved = 0;
  pruneGraphFiles({ ...options, generation: graph.generation, keepFrom: graph.watermark, keep: basename(path) });
  return path;
}

/**
 * The saved graph of this generation with the highest watermark not above `lastRowid` (a file beyond it belongs
 * to a database that was restored from an older copy), of this scalar kind and the configured connectivity, or null
 * when there is none or it cannot be read.
 */
export function loadGraph(options: {
  dir: string;
  name: string;
  generation: string;
  lastRowid: number;
  dimensions: number;
  params: HnswParams;
}): HnswGraph | null {
  const candidates = listGraphFiles(options.dir, options.name)
    .filter((f) => f.generation === options.generation && f.kind === SCALAR.name && f.watermark <= options.lastRowid)
    .sort((a, b) => b.watermark - a.watermark);
  for (const file of candidates) {
    const graph = createHnswGraph(options);
    const path = join(options.dir, file.file);
    try {
      if (statSync(path).size !== file.bytes) continue;
      graph.index.load(path);
    } catch {
      continue; // removed by another process meanwhile, or truncated: try an older one
    }
    if (graph.index.dimensions() !== options.dimensions) continue;
    // A graph built with other edges per node (an older default) is rebuilt with the current ones.
    if (graph.index.connectivity() !== options.params.connectivity) continue;
    graph.watermark = file.watermark;
    return graph;
  }
  return null;
}

/**
 * Deletes saved graphs of other generations and of this one below `keepFrom`, and abandoned temporary files. With
 * `keep`, another file at `keepFrom` goes too: a graph rebuilt over the same rows with other settings replaces it.
 */
export function pruneGraphFiles(options: {
  dir: string;
  name: string;
  generation?: string;
  keepFrom?: number;
  keep?: string;
}): void {
  const keepFrom = options.keepFrom ?? Number.POSITIVE_INFINITY;
  for (const f of listGraphFiles(options.dir, options.name)) {
    const replaced = options.keep !== undefined && f.watermark === keepFrom && f.file !== options.keep;
    // A graph of another kind would never be loaded again.
    const stale = f.generation !== options.generation || f.kind !== SCALAR.name || f.watermark < keepFrom || replaced;
    if (stale) rmSync(join(options.dir, f.file), { force: true });
  }
  for (const file of safeReaddir(options.dir)) {
    if (!file.startsWith(`${options.name}.`) || !file.endsWith(".tmp")) continue;
    const path = join(options.dir, file);
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_TEMP_MS) rmSync(path, { force: true });
    } catch {
      // already gone
    }
  }
}

interface GraphFile {
  file: string;
  generation: string;
  watermark: number;
  bytes: number;
  kind: string;
}

function listGraphFiles(dir: string, name: string): GraphFile[] {
  return safeReaddir(dir).flatMap((file) => {
    const [, fileName, generation, watermark, bytes, kind = "f32"] = FILE.exec(file) ?? [];
    if (fileName !== name || generation === undefined) return [];
    return [{ file, generation, watermark: Number(watermark), bytes: Number(bytes), kind }];
  });
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
