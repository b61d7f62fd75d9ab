/**
 * Exact (sqlite-vec) versus HNSW (usearch) search through the Node vector index, and the `hnswThreshold` those
 * figures suggest.
 *
 *   npx tsx bench/vector-index.ts [--sizes 10000,50000,100000] [--dims 512] [--queries 200]
 *                                 [--connectivity 32] [--expansion-add 256] [--expansion-search 64,128,256]
 *                                 [--real CACHE.json [--query-texts QUERIES.json]]
 *
 * One database grows through the sizes; at each size the HNSW graph is built from scratch (in a fresh folder),
 * then reopened once per expansion-search value (a query-time setting, so one build serves them all). Above 100,000
 * vectors the index searches wider than the value given, as the product does (see `searchWidth`). Half the
 * queries are held-out vectors from the data's own distribution (passage-like); the other half are search-query
 * embeddings, which lie farther from every passage (a short query's nearest passage scores about 0.55, against
 * about 0.84 between neighbouring passages) and which HNSW finds markedly harder on real vectors, so recall@10
 * against exact results is given for each half. The default synthetic vectors do not reproduce that gap; for the
 * figures that set the defaults use `--real` (see `dataSource`), e.g. with the search benchmark's cache
 * `$TMPDIR/opendiscourse-bench-search-cache/vectors-universal-sentence-encoder-lite.json` and a search benchmark
 * report as `--query-texts`. At each size it also times, with queries in this thread and on a thread of their own
 * (`thread`), the first query (which loads the saved graph), a query after 900 vectors were added (which searches
 * them exactly beside the graph) and the graph's catch-up on them in the background that query starts, each with the
 * longest the event loop went without running a timer meanwhile.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openSqliteDatabase } from "../src/adapters/node/sqlite-database";
import { createUseLiteEmbedder } from "../src/adapters/node/use-lite-embedder";
import { createNodeVectorIndex, DEFAULT_HNSW_PARAMS } from "../src/adapters/node/vector-index";
import { createRealisticStream } from "./search/vector-model";

const { values: args } = parseArgs({
  options: {
    sizes: { type: "string", default: "10000,50000,100000" },
    dims: { type: "string", default: "512" },
    queries: { type: "string", default: "200" },
    connectivity: { type: "string", default: String(DEFAULT_HNSW_PARAMS.connectivity) },
    "expansion-add": { type: "string", default: String(DEFAULT_HNSW_PARAMS.expansionAdd) },
    "expansion-search": { type: "string", default: String(DEFAULT_HNSW_PARAMS.expansionSearch) },
    real: { type: "string" },
    "query-texts": { type: "string" },
  },
});
const sizes = (args.sizes ?? "")
  .split(",")
  .map(Number)
  .sort((a, b) => a - b);
const dims = Number(args.dims);
const queryCount = Number(args.queries);
const expansionSearches = (args["expansion-search"] ?? "").split(",").map(Number);
const hnsw = {
  connectivity: Number(args.connectivity),
  expansionAdd: Number(args["expansion-add"]),
  expansionSearch: expansionSearches[0] ?? DEFAULT_HNSW_PARAMS.expansionSearch,
};
const TOP_K = 10;
/** Scores of HNSW (usearch) and exact search (sqlite-vec) of the same pair differ in float rounding. */
const SCORE_TOLERANCE = 1e-4;
/**
 * Weight of a query's own direction against its topic centre's (passages: 0.55). Chosen so that, as with the bundled
 * embedder on the corpus, a query's nearest vector scores about 0.55 while neighbouring passages score about 0.84.
 */
const QUERY_SPREAD = 1.5;
const LATENCY_BUDGET_MS = 10;

interface Row {
  size: number;
  insertPerSecond: number;
  exact: number[];
  buildSeconds: number;
  graphMiB: number;
  loadMs: number;
  searches: { expansionSearch: number; latency: number[]; recall: number; queryRecall: number }[];
  /** The graph's upkeep seen from the event loop, queries in this thread and on a thread of their own. */
  stalls: { where: "in process" | "thread"; load: Stall; tail: Stall; catchUp: Stall }[];
}

/** How long a call took, and the longest the event loop went without running a 1-ms timer meanwhile. */
interface Stall {
  ms: number;
  stallMs: number;
}

/** Vectors added before a query: it searches them beside the graph, which takes them in in the background. */
const CATCH_UP_ROWS = 900;

async function stalled(work: () => Promise<unknown>): Promise<Stall> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 1);
  const start = performance.now();
  await work();
  const end = performance.now();
  clearInterval(timer);
  return { ms: end - start, stallMs: Math.max(stallMs, end - last) };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
const stats = (ms: number[]) =>
  [0.5, 0.95, 0.99].map((p) =>
    percentile(
      [...ms].sort((a, b) => a - b),
      p,
    ),
  );

type Hit = { id: string; score: number };

async function timeQueries(run: (q: Float32Array) => Promise<Hit[]>, queries: Float32Array[]) {
  for (const q of queries.slice(0, 5)) await run(q); // warm caches
  const ms: number[] = [];
  const results: Hit[][] = [];
  for (const q of queries) {
    const start = performance.now();
    results.push(await run(q));
    ms.push(performance.now() - start);
  }
  return { latency: stats(ms), results };
}

/**
 * Synthetic vectors by default. With `--real FILE` (the search benchmark's cache of embedded corpus chunks,
 * `vectors-<model>.json`), real vectors and then ones modelled on them, queried with held-out real vectors and,
 * with `--query-texts FILE` (a JSON list of strings, or a search benchmark report with its `queryMix`), with those
 * texts embedded by the bundled embedder.
 */
async function dataSource() {
  const passageQueries = Math.ceil(queryCount / 2);
  if (!args.real) {
    const gen = createEmbeddingGenerator({ dimensions: dims, seed: 42 });
    const queries = Array.from({ length: queryCount }, (_, i) => (i < passageQueries ? gen.next() : gen.query()));
    return { gen, queries, passageQueries, description: gen.describe(2000) };
  }
  const cached = JSON.parse(readFileSync(args.real, "utf8")) as Record<string, number[]> | number[][];
  const real = Object.values(cached).map((v) => Float32Array.from(v));
  const gen = createRealisticStream(real, { heldOut: passageQueries, random: seededRandom(42) });
  const queries = [...gen.heldOut];
  if (args["query-texts"]) {
    const parsed = JSON.parse(readFileSync(args["query-texts"], "utf8")) as string[] | { queryMix: { q: string }[] };
    const texts = (Array.isArray(parsed) ? parsed : parsed.queryMix.map((m) => m.q)).slice(
      0,
      queryCount - passageQueries,
    );
    const embedder = createUseLiteEmbedder();
    queries.push(...((await embedder.embed(texts)) as Float32Array[]));
    await embedder.close();
  }
  return { gen, queries, passageQueries, description: gen.describe() };
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), "bench-vector-index-"));
  const { gen, queries, passageQueries, description } = await dataSource();
  const db = openSqliteDatabase({ path: join(root, "bench.db") });
  const exactIndex = createNodeVectorIndex({
    db,
    dataDir: join(root, "exact"),
    dimensions: dims,
    hnswThreshold: Infinity,
  });
  const rows: Row[] = [];
  console.log(`vector index bench: ${dims} dims, ${queryCount} queries, top ${TOP_K}, HNSW ${JSON.stringify(hnsw)}`);
  console.log(`data: ${description}`);
  try {
    let stored = 0;
    for (const size of sizes) {
      const insertStart = performance.now();
      for (; stored < size; stored += 1000) {
        const batch = Array.from({ length: Math.min(1000, size - stored) }, (_, i) => ({
          id: `chunk-${stored + i}`,
          values: gen.next(),
          metadata: { documentId: `doc-${Math.floor((stored + i) / 40)}` },
        }));
        await exactIndex.upsert(batch);
      }
      const insertPerSecond = (size - (rows.at(-1)?.size ?? 0)) / ((performance.now() - insertStart) / 1000);
      const ask = (index: typeof exactIndex) => async (q: Float32Array) =>
        (await index.query(q, { topK: TOP_K })).matches.map((m) => ({ id: m.id, score: m.score }));
      const exact = await timeQueries(ask(exactIndex), queries);

      const dataDir = join(root, `hnsw-${size}`);
      const hnswIndex = createNodeVectorIndex({ db, dataDir, dimensions: dims, hnswThreshold: 0, hnsw });
      const buildStart = performance.now();
      await hnswIndex.ready();
      const buildSeconds = (performance.now() - buildStart) / 1000;
      await hnswIndex.close();
      const graphBytes = readdirSync(dataDir).reduce((sum, f) => sum + statSync(join(dataDir, f)).size, 0);
      let loadMs = 0;
      const searches: Row["searches"] = [];
      for (const expansionSearch of expansionSearches) {
        const params = { ...hnsw, expansionSearch };
        const reopened = createNodeVectorIndex({ db, dataDir, dimensions: dims, hnswThreshold: 0, hnsw: params });
        const loadStart = performance.now();
        await reopened.ready();
        loadMs ||= performance.now() - loadStart;
        const approx = await timeQueries(ask(reopened), queries);
        await reopened.close();
        const hits = { passage: 0, query: 0 };
        approx.results.forEach((found, i) => {
          // Real corpora hold duplicate passages: a match as near as the exact tenth counts, whichever tied id it is.
          const tenth = exact.results[i]?.at(-1)?.score ?? Number.NEGATIVE_INFINITY;
          const good = Math.min(TOP_K, found.filter((m) => m.score >= tenth - SCORE_TOLERANCE).length);
          hits[i < passageQueries ? "passage" : "query"] += good;
        });
        searches.push({
          expansionSearch,
          latency: approx.latency,
          recall: hits.passage / (TOP_K * passageQueries),
          queryRecall: hits.query / (TOP_K * Math.max(1, queries.length - passageQueries)),
        });
      }
      const stalls: Row["stalls"] = [];
      for (const where of ["in process", "thread"] as const) {
        const thread = where === "thread" ? { path: join(root, "bench.db") } : undefined;
        const index = createNodeVectorIndex({ db, dataDir, dimensions: dims, hnswThreshold: 0, hnsw, thread });
        const query = queries[0] as Float32Array;
        const load = await stalled(() => index.query(query, { topK: TOP_K }));
        const added = Array.from({ length: CATCH_UP_ROWS }, (_, i) => ({ id: `added-${i}`, values: gen.next() }));
        await index.upsert(added);
        const tail = await stalled(() => index.query(query, { topK: TOP_K }));
        const catchUp = await stalled(() => index.ready());
        await index.deleteByIds(added.map((a) => a.id));
        await index.close();
        stalls.push({ where, load, tail, catchUp });
      }
      rmSync(dataDir, { recursive: true, force: true });

      const row: Row = {
        size,
        insertPerSecond,
        exact: exact.latency,
        buildSeconds,
        graphMiB: graphBytes / 2 ** 20,
        loadMs,
        searches,
        stalls,
      };
      rows.push(row);
      console.log(`measured ${size}: exact p99 ${row.exact[2]?.toFixed(1)} ms, build ${buildSeconds.toFixed(1)} s`);
    }
  } finally {
    await exactIndex.close();
    db.close();
    rmSync(root, { recursive: true, force: true });
  }
  printTable(rows);
  printStalls(rows);
  recommend(rows);
}

function printTable(rows: Row[]): void {
  const f = (n: number | undefined, digits = 1) => (n ?? 0).toFixed(digits);
  console.log(
    "\n| vectors | insert/s | exact p50 / p95 / p99 ms | HNSW build s | graph MiB | load ms | expansion search | HNSW p50 / p95 / p99 ms | recall@10 passages / queries |",
  );
  console.log("|---:|---:|---|---:|---:|---:|---:|---|---:|");
  for (const r of rows) {
    for (const s of r.searches) {
      console.log(
        `| ${r.size} | ${f(r.insertPerSecond, 0)} | ${r.exact.map((x) => f(x)).join(" / ")} | ${f(r.buildSeconds)} | ` +
          `${f(r.graphMiB)} | ${f(r.loadMs, 0)} | ${s.expansionSearch} | ${s.latency.map((x) => f(x, 2)).join(" / ")} | ` +
          `${f(s.recall, 3)} / ${f(s.queryRecall, 3)} |`,
      );
    }
  }
}

function printStalls(rows: Row[]): void {
  const f = ({ ms, stallMs }: Stall) => `${ms.toFixed(0)} / ${stallMs.toFixed(0)}`;
  console.log(
    `\n| vectors | queries | first query, loading the graph: ms / longest event-loop stall ms | query after ${CATCH_UP_ROWS} new vectors: ms / stall ms | the graph taking them in: ms / stall ms |`,
  );
  console.log("|---:|---|---|---|---|");
  for (const r of rows) {
    for (const s of r.stalls) console.log(`| ${r.size} | ${s.where} | ${f(s.load)} | ${f(s.tail)} | ${f(s.catchUp)} |`);
  }
}

/**
 * The threshold is the smallest measured size whose exact p99 passes the budget. Exact search is a linear scan, so
 * a least-squares line through the medians (steadier than tails on a busy machine) also says where p50 crosses it.
 */
function recommend(rows: Row[]): void {
  const first = rows.find((r) => (r.exact[2] ?? 0) > LATENCY_BUDGET_MS);
  const points = rows.map((r) => [r.size, r.exact[0] ?? 0] as const);
  const mx = points.reduce((s, [x]) => s + x, 0) / points.length;
  const my = points.reduce((s, [, y]) => s + y, 0) / points.length;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const slope = sxx > 0 ? points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / sxx : 0;
  const crossing = slope > 0 ? (LATENCY_BUDGET_MS - (my - slope * mx)) / slope : Number.NaN;
  console.log(`\nexact p50 ≈ ${(my - slope * mx).toFixed(2)} ms + ${(slope * 1000).toFixed(2)} ms per 1000 vectors`);
  const at = Number.isFinite(crossing) && crossing > 0 ? `≈ ${Math.round(crossing)} vectors` : "no estimate";
  console.log(`exact p50 passes ${LATENCY_BUDGET_MS} ms at ${at}`);
  console.log(
    `suggested hnswThreshold (first size with exact p99 > ${LATENCY_BUDGET_MS} ms): ${first?.size ?? "above the sizes measured"}`,
  );
}

/** Mulberry32: a small seeded generator, so every run sees the same vectors. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Vectors with the structure of sentence embeddings rather than uniform noise: unit length, a shared mean
 * direction (so unrelated passages still score around 0.3-0.4, as with real encoders), variance concentrated in
 * the first axes (a decaying spectrum), and topics of uneven popularity split into subtopics, so every vector has
 * close neighbours.
 */
function createEmbeddingGenerator(options: { dimensions: number; seed: number; topics?: number; subtopics?: number }) {
  const { dimensions } = options;
  const topics = options.topics ?? 200;
  const subtopics = options.subtopics ?? 8;
  const rand = seededRandom(options.seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const scale = Array.from({ length: dimensions }, (_, d) => 1 / Math.sqrt(1 + d / 16));
  const unit = (v: Float32Array) => {
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm);
    for (let i = 0; i < v.length; i++) v[i] = (v[i] ?? 0) / norm;
    return v;
  };
  const direction = () => unit(Float32Array.from(scale, (s) => s * gauss()));
  const mix = (parts: [number, Float32Array][]) =>
    unit(Float32Array.from({ length: dimensions }, (_, d) => parts.reduce((sum, [w, v]) => sum + w * (v[d] ?? 0), 0)));
  const mean = direction();
  const centres = Array.from({ length: topics }, () => {
    const topic = direction();
    return Array.from({ length: subtopics }, () =>
      mix([
        [1, topic],
        [0.7, direction()],
      ]),
    );
  });
  /** A vector near a subtopic centre; `spread` weighs its own direction against the centre's. */
  const near = (spread: number): Float32Array => {
    const topic = centres[Math.floor(topics * rand() ** 2)] ?? [];
    const centre = topic[Math.floor(subtopics * rand())] ?? mean;
    return mix([
      [0.6, mean],
      [1, centre],
      [spread, direction()],
    ]);
  };
  const next = (): Float32Array => near(0.55);
  /** Like a search query: about a topic, but farther from any stored vector than passages are from each other. */
  const query = (): Float32Array => near(QUERY_SPREAD);
  const cosine = (a: Float32Array, b: Float32Array) => {
    let dot = 0;
    for (let i = 0; i < dimensions; i++) dot += (a[i] ?? 0) * (b[i] ?? 0);
    return dot;
  };
  return {
    next,
    query,
    /** Mean cosine of random pairs and of each vector's nearest neighbour, over a fresh sample of `n`. */
    describe(n: number): string {
      const sampler = createEmbeddingGenerator({ ...options, seed: options.seed + 1 });
      const sample = Array.from({ length: n }, () => sampler.next());
      let pairs = 0;
      let nearest = 0;
      let queryNearest = 0;
      for (const [i, a] of sample.entries()) {
        let best = -1;
        for (const [j, b] of sample.entries()) if (i !== j) best = Math.max(best, cosine(a, b));
        nearest += best;
        pairs += cosine(a, sample[(i + 1) % n] ?? a);
      }
      const probes = Math.min(n, 200);
      for (let i = 0; i < probes; i++) {
        const q = sampler.query();
        queryNearest += sample.reduce((best, b) => Math.max(best, cosine(q, b)), -1);
      }
      return (
        `mean cosine of random pairs ${(pairs / n).toFixed(2)}, of nearest neighbours among ${n} ` +
        `${(nearest / n).toFixed(2)}, of a query's nearest ${(queryNearest / probes).toFixed(2)}`
      );
    },
  };
}

await main();
