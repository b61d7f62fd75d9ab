import type { SqliteVecStore, VecStoreState } from "./sqlite-vec-store";
import { addToGraph, createHnswGraph, type HnswGraph, type HnswParams, loadGraph, saveGraph } from "./usearch-hnsw";
import { createGraphTail, type TailRows } from "./vector-index-tail";

export interface HnswKeeperOptions {
  store: SqliteVecStore;
  dataDir: string;
  name: string;
  params: HnswParams;
  /** Most rows added per step of background work; a store of at most this many is built at once, before the query. */
  chunkSize?: number;
}

export interface HnswStatus {
  size: number;
  watermark: number;
  /** Rows written since the watermark: searched exactly beside the graph until it takes them in. */
  behind: number;
  tombstones: number;
  /** True while a build, catch-up or rebuild runs in the background. */
  building: boolean;
  lastError?: string;
}

/** What a query searches: the graph as it stands, and the rows written since its watermark, exactly. */
export interface PreparedGraph {
  graph: HnswGraph;
  tail: TailRows;
  /** Share of the graph that is tombstones, to size the first request to it. */
  tombstoneShare: number;
}

/** A rebuild starts when this share of the graph is tombstones. */
const TOMBSTONE_REBUILD_SHARE = 0.25;
/** A caught-up graph is saved once this many of its rows, or a tenth of them, are unsaved. */
const SAVE_EVERY = 1000;
/**
 * Background steps are sized to take about this long, from the time the last one took a row: each holds the thread
 * queries are answered on (a row took 0.3 ms to add at 20,000 vectors and 2 ms at 100,000, on 2 cores).
 */
const STEP_MS = 50;
/** Rows in a job's first step, before it knows what a row costs. */
const FIRST_STEP_ROWS = 16;

/**
 * Keeps an HNSW graph in step with the SQLite store, in this process. A query never waits for the graph: rows
 * written since it was last brought up to date (by this process or another) are searched exactly beside it while a
 * background job adds them, in steps, yielding between them; a rebuild that drops tombstones is built beside the
 * graph in use. Only the first build of more than `chunkSize` rows, or a lag of more than `MAX_TAIL_ROWS`, leaves
 * queries exact over the whole store meanwhile. The graph is saved to the data folder after a build, when a tenth of it is unsaved, and on close,
 * so a restart loads it instead of rebuilding.
 */
export function createHnswKeeper(options: HnswKeeperOptions) {
  const { store, params } = options;
  const chunkSize = options.chunkSize ?? 1000;
  const files = { dir: options.dataDir, name: options.name };
  const dimensions = store.dimensions;
  const tails = createGraphTail(store);
  let graph: HnswGraph | null = null;
  /** The background job, and the graph it fills: the current one (a catch-up) or its successor. */
  let job: { done: Promise<void>; target: HnswGraph } | null = null;
  let closed = false;
  let lastError: string | undefined;
  let jobFailed = false;

  /** Up to `rows` rows above the watermark; returns false once the graph has every row up to `lastRowid`. */
  const step = (target: HnswGraph, lastRowid: number, rows = chunkSize): boolean => {
    const { rowids, vectors } = store.vectorsAfter(target.watermark, rows);
    addToGraph(target, rowids, vectors);
    if (rowids.length < rows) {
      target.watermark = Math.max(target.watermark, lastRowid);
      return false;
    }
    return true;
  };
  const catchUpInline = (target: HnswGraph, state: VecStoreState): void => {
    while (step(target, state.lastRowid)) {}
  };
  const save = (target: HnswGraph): void => {
    try {
      saveGraph(target, files);
    } catch (error) {
      lastError = `saving the HNSW graph failed: ${String(error)}`; // the graph is only a cache: go on without it
    }
  };
  const background = (target: HnswGraph): void => {
    // A build or rebuild is saved when done; a catch-up once enough of the graph is unsaved.
    const building = target !== graph;
    const done = (async () => {
      let rows = Math.min(FIRST_STEP_ROWS, chunkSize);
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve));
        const state = store.state();
        if (closed || state.generation !== target.generation) return;
        const started = performance.now();
        if (!step(target, state.lastRowid, rows)) break;
        const perRow = (performance.now() - started) / rows;
        rows = Math.max(1, Math.min(chunkSize, Math.round(STEP_MS / Math.max(perRow, 1e-3))));
      }
      graph = target;
      if (building || target.unsaved >= Math.max(SAVE_EVERY, target.index.size() / 10)) save(target);
      jobFailed = false;
    })()
      .catch((error: unknown) => {
        lastError = String(error);
        jobFailed = true;
      })
      .finally(() => {
        job = null;
      });
    job = { done, target };
  };
  /** Graph nodes whose rows are gone: its size less the live rows it holds (all but those above its watermark). */
  const tombstones = (target: HnswGraph, state: VecStoreState, above: number): number =>
    Math.max(0, target.index.size() - (state.vectorCount - above));
  const fresh = (state: VecStoreState): HnswGraph =>
    createHnswGraph({ dimensions, params, generation: state.generation });

  return {
    /**
     * The graph and the rows above its watermark, or null when queries should be exact over the whole store (the
     * graph is being built, or lags too far). Loads a saved graph the first time, and starts whatever background
     * work the state calls for.
     */
    prepare(state: VecStoreState): PreparedGraph | null {
      if (closed) return null;
      if (graph && graph.generation !== state.generation) graph = null;
      if (!graph && !job) graph = loadGraph({ ...files, ...state, dimensions, params });
      if (!graph) {
        if (job) return null;
        const first = fresh(state);
        if (state.vectorCount > chunkSize) {
          background(first);
          return null;
        }
        catchUpInline(first, state);
        graph = first;
      }
      if (state.lastRowid > graph.watermark && !job) background(graph);
      let tail = tails.rows(graph, state);
      if (!tail) return null;
      const dead = tombstones(graph, state, tail.rowids.length);
      if (!job && dead > 0 && dead >= TOMBSTONE_REBUILD_SHARE * graph.index.size()) {
        const successor = fresh(state);
        if (state.vectorCount > chunkSize) {
          background(successor);
        } else {
          catchUpInline(successor, state);
          graph = successor;
          save(successor);
          tail = tails.rows(graph, state) ?? tail;
        }
      }
      const size = graph.index.size();
      return { graph, tail, tombstoneShare: size > 0 ? tombstones(graph, state, tail.rowids.length) / size : 0 };
    },
    /** Resolves once background work, if any, has finished. */
    async idle(): Promise<void> {
      while (job) await job.done;
    },
    /** Whether the last background job failed (its error is in `status().lastError`). */
    failed(): boolean {
      return jobFailed;
    },
    status(state: VecStoreState): HnswStatus | null {
      if (!graph && !job) return null;
      const behind = graph ? store.countAfter(graph.watermark, Number.MAX_SAFE_INTEGER) : state.vectorCount;
      return {
        size: graph?.index.size() ?? 0,
        watermark: graph?.watermark ?? 0,
        behind,
        tombstones: graph ? tombstones(graph, state, behind) : 0,
        building: job !== null,
        ...(lastError === undefined ? {} : { lastError }),
      };
    },
    /** Forgets the graph (after the store was cleared). */
    reset(): void {
      graph = null;
    },
    /** Stops background work and saves what is unsaved. */
    async close(): Promise<void> {
      closed = true;
      while (job) await job.done;
      if (graph && graph.unsaved > 0) save(graph);
      graph = null;
    },
  };
}

export type HnswKeeper = ReturnType<typeof createHnswKeeper>;
