import type { RowDistance, SqliteVecStore, StoredRow, VecStoreState } from "./sqlite-vec-store";
import { type HnswGraph, searchGraph } from "./usearch-hnsw";
import { matchesFilter } from "./vector-index-records";

export interface ApproximateSearch {
  store: SqliteVecStore;
  graph: HnswGraph;
  query: Float32Array;
  topK: number;
  /** Encoded equality filter (empty for none). */
  filter: [string, string][];
  state: VecStoreState;
  /** Share of the graph that is tombstones, to size the first request. */
  tombstones: number;
}

/** Past this many graph results per query, exact search is the cheaper way to fill topK. */
const MAX_CANDIDATES = 2000;
/** Filters matching at most this many rows are answered exactly: computing their distances is quick. */
const SMALL_FILTER = 4000;

/**
 * The topK live rows nearest to the query from the HNSW graph, with their stored rows, or null when exact search
 * should answer instead (a selective filter, or too few survivors). Graph results are checked against the store:
 * tombstones (rows deleted or replaced since they were added) and rows failing the filter are dropped, so the
 * request is oversampled by the expected loss and repeated larger when that was not enough.
 */
export function approximateSearch(s: ApproximateSearch): { hits: RowDistance[]; rows: Map<number, StoredRow> } | null {
  const size = s.graph.index.size();
  let keep = Math.max(0.05, 1 - s.tombstones);
  if (s.filter.length > 0) {
    const cap = Math.max(SMALL_FILTER + 1, Math.min(s.state.vectorCount, 50_000));
    const matching = s.store.countMatching(s.filter, cap);
    if (matching <= SMALL_FILTER) return null;
    keep *= matching / Math.max(1, s.state.vectorCount);
  }
  let k = Math.min(size, Math.ceil((s.topK / keep) * 1.25) + 10);
  for (;;) {
    if (k > MAX_CANDIDATES) return null;
    const found = searchGraph(s.graph, s.query, k);
    const rows = s.store.rowsByRowids(found.map((hit) => hit.rowid));
    const hits = found.filter((hit) => {
      const row = rows.get(hit.rowid);
      return row !== undefined && matchesFilter(row.metadata, s.filter);
    });
    if (hits.length >= s.topK) return { hits: hits.slice(0, s.topK), rows };
    // The whole graph was asked for and still came up short: HNSW need not return every node, so only exact
    // search can tell whether more live rows exist.
    if (k >= size) return null;
    k = Math.min(size, k * 4);
  }
}
