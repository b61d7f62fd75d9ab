import type { SqliteVecStore, VecStoreState } from "./sqlite-vec-store";
import { addToGraph, createHnswGraph, type HnswGraph, type HnswParams, loadGraph, saveGraph } from "./usearch-hnsw";

export interface HnswKeeperOptions {
  store: SqliteVecStore;
  dataDir: string;
  name: string;
  params: HnswParams;
  /** Rows read and added per step; a step blocks the event loop while usearch inserts them. */
  chunkSize?: number;
}

export interface HnswStatus {
  size: number;
  watermark: number;
  tombstones: number;
  /** True while a build, catch-up or rebuild runs in the background. */
  building: boolean;
  lastError?: string;
}

/** A rebuild starts when this share of the graph is tombstones. */
const TOMBSTONE_REBUILD_SHARE = 0.25;

/**
 * Keeps an HNSW graph in step with the SQLite store, in this process. Work that is small (up to one chunk of rows)
 * is done inline before a query; anything larger (the first build, a long catch-up after another process ingested,
 * a rebuild that drops tombstones) runs in the background in chunks, yielding between them, while queries are
 * answered exactly. The graph is saved to the data folder after a background job, when a tenth of it is unsaved,
 * and on close, so a restart loads it instead of rebuilding.
 */
export function createHnswKeeper(options: HnswKeeperOptions) {
  const { store, params } = options;
  const chunkSize = options.chunkSize ?? 1000;
  const files = { dir: options.dataDir, name: options.name };
  const dimensions = store.dimensions;
  let graph: HnswGraph | null = null;
  /** The background job, and the graph it fills: the current one (a catch-up) or its successor. */
  let job: { done: Promise<void>; target: HnswGraph } | null = null;
  let closed = false;
  let lastError: string | undefined;
  let jobFailed = false;

  /** One chunk of rows above the watermark; returns false once the graph has every row up to `lastRowid`. */
  const step = (target: HnswGraph, lastRowid: number): boolean => {
    const { rowids, vectors } = store.vectorsAfter(target.watermark, chunkSize);
    addToGraph(target, rowids, vectors);
    if (rowids.length < chunkSize) {
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
    const done = (async () => {
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve));
        const state = store.state();
        if (closed || state.generation !== target.generation) return;
        if (!step(target, state.lastRowid)) break;
      }
      graph = target;
      save(target);
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
  const tombstones = (target: HnswGraph, state: VecStoreState): number =>
    Math.max(0, target.index.size() - state.vectorCount);
  const fresh = (state: VecStoreState): HnswGraph =>
    createHnswGraph({ dimensions, params, generation: state.generation });

  return {
    /**
     * The graph, brought up to `state` when that is cheap, or null when it is not ready (background work has been
     * started; answer exactly meanwhile). Loads a saved graph the first time.
     */
    prepare(state: VecStoreState): HnswGraph | null {
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
        graph = first;
      }
      if (state.lastRowid > graph.watermark) {
        if (job?.target === graph) return null;
        if (store.countAfter(graph.watermark) > chunkSize) {
          if (!job) background(graph);
          return null;
        }
        catchUpInline(graph, state);
        if (graph.unsaved >= Math.max(chunkSize, graph.index.size() / 10)) save(graph);
      }
      const dead = tombstones(graph, state);
      if (!job && dead > 0 && dead >= TOMBSTONE_REBUILD_SHARE * graph.index.size()) {
        const successor = fresh(state);
        if (state.vectorCount > chunkSize) {
          background(successor);
        } else {
          catchUpInline(successor, state);
          graph = successor;
          save(successor);
        }
      }
      return graph;
    },
    tombstoneShare(state: VecStoreState): number {
      return graph && graph.index.size() > 0 ? tombstones(graph, state) / graph.index.size() : 0;
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
      return {
        size: graph?.index.size() ?? 0,
        watermark: graph?.watermark ?? 0,
        tombstones: graph ? tombstones(graph, state) : 0,
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
