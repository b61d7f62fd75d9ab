/**
 * The engines under the API, timed in this process on the same data folder the server serves: the FTS5 query
 * alone, the query embedding alone, the vector query alone, the search service without HTTP, and the recall of
 * the approximate vector index against exact search.
 */
import { join } from "node:path";
import Database from "better-sqlite3";
import { createUseLiteEmbedder } from "../../src/adapters/node/use-lite-embedder";
import { createNodeVectorIndex } from "../../src/adapters/node/vector-index";
import { openNodeRuntime } from "../../src/apps/node-runtime";
import { configSchema } from "../../src/core/config";
import type { SearchMode } from "../../src/core/domain";
import { silentLogger } from "../../src/core/observability";
import { hybridEmbeddingText } from "../../src/core/search";
import type { BenchQuery } from "./query-mix";
import { addTo, type LatencySummary, summarize, summarizeGroups } from "./stats";

const CANDIDATES = 400;
const VECTOR_CANDIDATES = 100;
/** Exact scores of equal vectors differ at most in float rounding. */
const SCORE_TOLERANCE = 1e-6;

const mean = (xs: number[]) => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);

export interface RawEngineReport {
  fts: LatencySummary;
  ftsByKind: Record<string, LatencySummary>;
  embedding: LatencySummary;
  /**
   * Single-query embed calls, one at a time and 16 in flight: the embedder's own throughput, on the whole queries
   * (what semantic mode embeds) and on what hybrid embeds of them (their first 48 words).
   */
  embedderQueriesPerSecond: { sequential: number; concurrent16: number; hybridConcurrent16: number };
  vector: LatencySummary;
  vectorMode: string;
  /** The service, its page cache off, on queries it has seen before (embeddings cached), after one untimed pass. */
  service: Partial<Record<SearchMode, LatencySummary>>;
  /** The service on queries it has never seen, each once (`fresh`): every embedding computed. */
  serviceUncached: Partial<Record<SearchMode, LatencySummary>>;
  /**
   * The engines on each mode's never-seen queries, the very ones its one-client uncached HTTP pass sends: what that
   * pass's API overhead is measured against (the mix has other kinds in other shares).
   */
  freshEngines: Partial<
    Record<
      SearchMode,
      {
        fts: LatencySummary;
        embedding: LatencySummary;
        vector: LatencySummary;
        /**
         * The embedding and the vector query of each query one after the other, as a search runs them: the model
         * and the graph then evict each other from the CPU caches, which the loops of each alone never do.
         */
        inSequence?: LatencySummary;
      }
    >
  >;
  /**
   * Share of the exact top 10 found by a top-10 query, ties counted as found; `sameIds` counts only the very same
   * ids; `withServiceCandidates` is the top 10 of the 100 candidates the search service asks for.
   */
  recallAt10: { queries: number; mean: number; min: number; sameIds: number; withServiceCandidates: number };
}

async function timeEach<T>(items: readonly T[], passes: number, run: (item: T) => unknown): Promise<number[]> {
  const out: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    for (const item of items) {
      const t0 = performance.now();
      await run(item);
      out.push(performance.now() - t0);
    }
  }
  return out;
}

function byKind(queries: readonly BenchQuery[], samples: number[]): Record<string, LatencySummary> {
  const groups: Record<string, number[]> = {};
  samples.forEach((ms, i) => {
    const kind = queries[i % queries.length]?.kind ?? "all";
    addTo(groups, kind, ms);
  });
  return summarizeGroups(groups);
}

export async function measureRawEngines(options: {
  dataDir: string;
  queries: readonly BenchQuery[];
  modes: readonly SearchMode[];
  passes: number;
  /** Per mode, queries distinct from `queries` and from each other mode's, timed once each (uncached). */
  fresh?: Partial<Record<SearchMode, readonly BenchQuery[]>>;
  /** Queries of neither, that each embedder embeds before it is timed, as the server's does (see run.ts). */
  warm?: readonly BenchQuery[];
}): Promise<RawEngineReport> {
  const warm = async (embedder: { embed(texts: string[]): Promise<unknown> } | null | undefined) => {
    for (const q of options.warm ?? []) await embedder?.embed([q.q]);
  };
  const { queries, passes } = options;
  // Plain FTS5 as a user of SQLite would run it: every word (quoted), bm25 over all columns, and any word when that
  // finds nothing. The service's own strategy (frequent words unscored, rarest-first fallback) is what it adds.
  const sqlite = new Database(join(options.dataDir, "opendiscourse.db"), { readonly: true });
  const match = sqlite.prepare("SELECT rowid, rank FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rank LIMIT ?");
  const fts = (q: string) => {
    const terms = [
      ...new Set(
        q
          .normalize("NFKC")
          .toLowerCase()
          .match(/[\p{L}\p{N}]+/gu) ?? [],
      ),
    ].slice(0, 32);
    const ftsExpression = (words: string[], join: "AND" | "OR") =>
      words.map((w) => `"${w}"`).join(join === "AND" ? " " : " OR ");
    if (terms.length === 0) return [];
    const all = match.all(ftsExpression(terms, "AND"), CANDIDATES);
    return all.length > 0 || terms.length === 1 ? all : match.all(ftsExpression(terms, "OR"), CANDIDATES);
  };
  await timeEach(queries, 1, (q) => fts(q.q));
  const ftsTimes = await timeEach(queries, passes, (q) => fts(q.q));
  const freshModes = options.modes.filter((m) => (options.fresh?.[m]?.length ?? 0) > 0);
  const freshOf = (mode: SearchMode) => options.fresh?.[mode] ?? [];
  const freshFts = new Map<SearchMode, number[]>();
  for (const mode of freshModes) freshFts.set(mode, await timeEach(freshOf(mode), 1, (q) => fts(q.q)));
  sqlite.close();

  // A fresh embedder of the server's kind, so no cache of the service's is involved.
  const embedder = createUseLiteEmbedder();
  await embedder.warmup();
  await warm(embedder);
  const vectors: Float32Array[] = [];
  const embedTimes = await timeEach(queries, 1, async (q) => {
    const [v] = await embedder.embed([q.q]);
    vectors.push(v as Float32Array);
  });
  const sequential = queries.length / (embedTimes.reduce((a, b) => a + b, 0) / 1000);
  const throughput16 = async (texts: string[]) => {
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < texts.length) await embedder.embed([texts[next++] as string]);
      }),
    );
    return texts.length / ((performance.now() - t0) / 1000);
  };
  const concurrent16 = await throughput16(queries.map((q) => q.q));
  const hybridConcurrent16 = await throughput16(queries.map((q) => hybridEmbeddingText(q.q)));
  const freshEmbeddings = new Map<SearchMode, { times: number[]; vectors: Float32Array[] }>();
  for (const mode of freshModes) {
    const embedded: Float32Array[] = [];
    const times = await timeEach(freshOf(mode), 1, async (q) => {
      const [v] = await embedder.embed([mode === "hybrid" ? hybridEmbeddingText(q.q) : q.q]);
      embedded.push(v as Float32Array);
    });
    freshEmbeddings.set(mode, { times, vectors: embedded });
  }

  // Without the page cache: the service figures are the cost of ranking (query embeddings stay cached).
  const config = configSchema.parse({ dataDir: options.dataDir, logLevel: "silent", searchCacheEntries: 0 });
  const runtime = await openNodeRuntime(config, silentLogger);
  try {
    const index = runtime.services.deps.vectors;
    if (!index) throw new Error("the runtime has no vector index");
    const query = (v: Float32Array, topK: number) => index.query(v, { topK, returnMetadata: "none" });
    await timeEach(vectors, 1, (v) => query(v, VECTOR_CANDIDATES));
    const vectorTimes = await timeEach(vectors, passes, (v) => query(v, VECTOR_CANDIDATES));
    const freshEngines: RawEngineReport["freshEngines"] = {};
    for (const mode of freshModes) {
      const embedded = freshEmbeddings.get(mode) ?? { times: [], vectors: [] };
      const inSequence =
        mode === "keyword"
          ? undefined
          : await timeEach(freshOf(mode), 1, async (q) => {
              const [v] = await embedder.embed([mode === "hybrid" ? hybridEmbeddingText(q.q) : q.q]);
              await query(v as Float32Array, VECTOR_CANDIDATES);
            });
      freshEngines[mode] = {
        fts: summarize(freshFts.get(mode) ?? []),
        embedding: summarize(embedded.times),
        vector: summarize(await timeEach(embedded.vectors, 1, (v) => query(v, VECTOR_CANDIDATES))),
        ...(inSequence ? { inSequence: summarize(inSequence) } : {}),
      };
    }
    const mode = "mode" in index && typeof index.mode === "function" ? String(index.mode()) : "unknown";

    const db = runtime.services.deps.db as Parameters<typeof createNodeVectorIndex>[0]["db"];
    const exact = createNodeVectorIndex({
      db,
      dataDir: options.dataDir,
      dimensions: embedder.dimensions,
      model: embedder.model,
      hnswThreshold: Number.MAX_SAFE_INTEGER,
    });
    const recalls: number[] = [];
    const idRecalls: number[] = [];
    const deepRecalls: number[] = [];
    // An index built without vectors (keyword runs) has no recall to measure: NaN, printed as "-".
    const stored = (await index.describe()).vectorCount;
    for (const v of stored > 0 ? vectors : []) {
      // Exact scores of the nearest 100: the graph's own scores come from bfloat16 copies of the vectors.
      const nearest = (await exact.query(v, { topK: VECTOR_CANDIDATES })).matches;
      const exactScore = new Map(nearest.map((m) => [m.id, m.score]));
      const truth = nearest.slice(0, 10);
      const found = (await query(v, 10)).matches;
      const deep = (await query(v, VECTOR_CANDIDATES)).matches.slice(0, 10);
      // The corpus holds the same passage in several renderings, so equal vectors tie: a match as near as the
      // exact tenth counts, whichever of the tied ids it is.
      const tenth = truth[truth.length - 1]?.score ?? Number.NEGATIVE_INFINITY;
      const near = (matches: { id: string }[]) =>
        matches.filter((m) => (exactScore.get(m.id) ?? Number.NEGATIVE_INFINITY) >= tenth - SCORE_TOLERANCE).length;
      const ids = new Set(truth.map((m) => m.id));
      recalls.push(truth.length > 0 ? Math.min(near(found), truth.length) / truth.length : 1);
      idRecalls.push(truth.length > 0 ? found.filter((m) => ids.has(m.id)).length / truth.length : 1);
      deepRecalls.push(truth.length > 0 ? Math.min(near(deep), truth.length) / truth.length : 1);
    }
    await exact.close();

    const service: Partial<Record<SearchMode, LatencySummary>> = {};
    const serviceUncached: Partial<Record<SearchMode, LatencySummary>> = {};
    if (options.modes.some((m) => m !== "keyword")) await warm(runtime.services.deps.embedder);
    for (const mode of options.modes) {
      const search = (q: BenchQuery) => runtime.services.search({ q: q.q, mode, limit: 10 });
      await timeEach(queries, 1, search);
      const fresh = options.fresh?.[mode];
      if (fresh && fresh.length > 0) serviceUncached[mode] = summarize(await timeEach(fresh, 1, search));
      service[mode] = summarize(await timeEach(queries, passes, search));
    }
    return {
      fts: summarize(ftsTimes),
      ftsByKind: byKind(queries, ftsTimes),
      embedding: summarize(embedTimes),
      embedderQueriesPerSecond: { sequential, concurrent16, hybridConcurrent16 },
      vector: summarize(vectorTimes),
      vectorMode: mode,
      service,
      serviceUncached,
      freshEngines,
      recallAt10: {
        queries: recalls.length,
        mean: mean(recalls),
        min: recalls.length === 0 ? Number.NaN : Math.min(...recalls),
        sameIds: mean(idRecalls),
        withServiceCandidates: mean(deepRecalls),
      },
    };
  } finally {
    await embedder.close();
    await runtime.close();
  }
}
