import type { RowDistance, SqliteVecStore, StoredRow, VecStoreState } from "./sqlite-vec-store";
import { type HnswGraph, searchGraph } from "./usearch-hnsw";
import { matchesFilter } from "./vector-index-records";
import { searchTail, type TailRows } from "./vector-index-tail";

export interface ApproximateSearch {
  store: SqliteVecStore;
  graph: HnswGraph;
  /** Rows above the graph's watermark, searched exactly beside it. */
  tail: TailRows;
  query: Float32Array;
  topK: number;
  /** Encoded equality filter (empty for none). */
  filter: [string, string][];
  state: VecStoreState;
  /** Share of the graph that is tombstones, to size the first request. */
  tombstoneShare: number;
}

/** Past this many graph results per query, exact search is the cheaper way to fill topK. */
const MAX_CANDIDATES = 2000;
/** Filters matching at most this many rows are answered exactly: computing their distances is quick. */
const SMALL_FILTER = 4000;

/**
 * The topK live rows nearest to the query from the HNSW graph and the rows above its watermark, with their stored
 * rows, or null when exact search should answer instead (a selective filter, or too few survivors). Candidates are
 * checked against the store: tombstones (rows deleted or replaced since they were added) and rows failing the
 * filter are dropped, so the request is oversampled by the expected loss and repeated larger when that was not
 * enough, or when either source's candidates stopped short of the answer's farthest row.
 */
export function approximateSearch(s: ApproximateSearch): { hits: RowDistance[]; rows: Map<number, StoredRow> } | null {
  const size = s.graph.index.size();
  const most = Math.max(size, s.tail.rowids.length);
  let keep = Math.max(0.05, 1 - s.tombstoneShare);
  if (s.filter.length > 0) {
    const cap = Math.max(SMALL_FILTER + 1, Math.min(s.state.vectorCount, 50_000));
    const matching = s.store.countMatching(s.filter, cap);
    if (matching <= SMALL_FILTER) return null;
    keep *= matching / Math.max(1, s.state.vectorCount);
  }
  let k = Math.min(most, Math.ceil((s.topK / keep) * 1.25) + 10);
  for (;;) {
    if (k > MAX_CANDIDATES) return null;
    const fromGraph = searchGraph(s.graph, s.query, k);
    const fromTail = searchTail(s.tail, s.query, k);
    const rows = s.store.rowsByRowids([...fromGraph, ...fromTail].map((hit) => hit.rowid));
    const live = (hit: RowDistance) => {
      const row = rows.get(hit.rowid);
      return row !== undefined && matchesFilter(row.metadata, s.filter);
    };
    const hits = [...fromGraph.filter(live), ...fromTail.filter(live)]
      .sort((a, b) => a.distance - b.distance)
      .slice(0, s.topK);
    // Each source gave every candidate it had, or reached past the farthest row kept (sorted nearest first).
    const farthest = hits.at(-1)?.distance ?? Number.POSITIVE_INFINITY;
    const covers = (found: RowDistance[]) => found.length < k || (found.at(-1) as RowDistance).distance >= farthest;
    if (hits.length >= s.topK && covers(fromGraph) && covers(fromTail)) return { hits, rows };
    // The whole graph was asked for and still came up short: HNSW need not return every node, so only exact
    // search can tell whether more live rows exist.
    if (k >= most) return null;
    k = Math.min(most, k * 4);
  }
}
