/**
 * Search benchmark: `npm run bench:search -- [--sizes 10k,100k,1m] [--modes keyword,semantic,hybrid]
 * [--out FILE.json] [--data DIR] [--corpus ../shared/corpus] [--engines minisearch,orama] [--per-kind 20]
 * [--fresh 50] [--without-vectors]`. `--without-vectors` builds a keyword-only index (with `--modes keyword`).
 *
 * For each size it writes an index of that many chunks into a product data folder (real corpus chunks, then
 * generated text and vectors with the corpus's statistics; see build-index.ts), starts the real server on it, and
 * measures: HTTP latency and queries/s per mode at 1 and 16 clients (the load generator in another process); the
 * raw engines in this process (FTS5 alone, the query embedding alone, the vector query alone, the search service
 * without HTTP); vector recall@10 of the approximate index against exact search; and MiniSearch and Orama on the
 * same chunks and queries, each in a process of its own. Prints a table, writes JSON; never fails a build.
 * The load cycles through the query mix, and the server caches result pages and query embeddings, so every mode is
 * timed twice: on the mix (after a warm-up: repeated searches, answered from the page cache) and on `--fresh`
 * queries of each kind that the server has never seen, each sent once ("uncached": ranked, and embedded, afresh).
 * `--fresh 0` leaves that out. The never-seen keyword queries are sent once more to a keyword-only server (no
 * embedder, no vector index), whose memory is what compares with the keyword engines.
 * `--data DIR` keeps the built folders there (DIR/size-N) and reuses any already built (their build times are then
 * the earlier run's, printed as such and not compared with this run's engines).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createUseLiteEmbedder } from "../../src/adapters/node/use-lite-embedder";
import type { SearchMode } from "../../src/core/domain";
import { buildIndex, folderBytes, readBuild, recordGraphRebuild, upgradeSearchFields } from "./build-index";
import { lastJson, processMemory, runChild, type ServerChild, startServerChild } from "./children";
import type { CompetitorResult, CompetitorSpec } from "./competitor-child";
import { loadCorpus } from "./corpus";
import { prepareGraph } from "./graph-ready";
import type { LoadResult, LoadSpec } from "./load-client";
import { type BenchQuery, buildQueryMix, distinctBatches } from "./query-mix";
import { measureRawEngines } from "./raw-engine";
import { checkTargets, formatSize, formatTargets, type SizeResult } from "./report";
import { SEARCH_FIELDS_VERSION } from "./search-fields";
import { parseSize, seededRandom } from "./stats";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "10k,100k" },
    modes: { type: "string", default: "keyword,semantic,hybrid" },
    concurrency: { type: "string", default: "1,16" },
    out: { type: "string" },
    data: { type: "string" },
    corpus: { type: "string", default: "../shared/corpus" },
    engines: { type: "string", default: "minisearch,orama" },
    "per-kind": { type: "string", default: "20" },
    fresh: { type: "string", default: "50" },
    "embed-sample": { type: "string", default: "4000" },
    // Keyword-only runs may leave the vectors out: at 1M the graph alone takes most of an hour to build.
    "without-vectors": { type: "boolean", default: false },
    seconds: { type: "string", default: "30" },
    seed: { type: "string", default: "1" },
  },
});
const loadText = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(" ");
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
const corpusDir = resolve(values.corpus);
if (!existsSync(join(corpusDir, "manifest.tsv"))) {
  console.error(`no corpus at ${corpusDir}; pass --corpus DIR`);
  process.exit(0);
}
const sizes = values.sizes.split(",").map(parseSize);
const modes = values.modes.split(",") as SearchMode[];
const concurrencies = values.concurrency.split(",").map(Number);
const engines = values.engines.split(",").filter(Boolean) as CompetitorSpec["engine"][];
const seed = Number(values.seed);
const maxSeconds = Number(values.seconds);
const root = values.data ? resolve(values.data) : mkdtempSync(join(os.tmpdir(), "opendiscourse-bench-search-"));
const cacheDir = join(os.tmpdir(), "opendiscourse-bench-search-cache");
const work = mkdtempSync(join(os.tmpdir(), "opendiscourse-bench-search-specs-"));
const out = resolve(values.out ?? join(os.tmpdir(), `bench-search-${Date.now()}.json`));

log(`parsing the corpus at ${corpusDir} (cached in ${cacheDir})`);
const corpus = await loadCorpus({ corpus: corpusDir, cacheFile: join(cacheDir, "corpus.json"), log });
const queries: BenchQuery[] = buildQueryMix({
  passages: corpus.documents.flatMap((d) => d.chunks.map((c) => c.text)),
  summaries: corpus.summaries,
  billIds: corpus.billIds,
  perKind: Number(values["per-kind"]),
  random: seededRandom(seed),
});
log(
  `query mix: ${queries.length} queries, e.g. ${queries
    .slice(0, 6)
    .map((q) => `${q.kind}: ${q.q.slice(0, 40)}`)
    .join(" | ")}`,
);

// Never-seen queries for each mode and each concurrency (for the server), and per mode for the service in process
// (another process, another cache: it reuses the one-client batch).
const freshPerKind = Number(values.fresh);
const embeddingModes: SearchMode[] = modes.filter((m) => m !== "keyword");
const freshBatches = distinctBatches({
  pool: buildQueryMix({
    passages: corpus.documents.flatMap((d) => d.chunks.map((c) => c.text)),
    summaries: corpus.summaries,
    billIds: corpus.billIds,
    perKind: freshPerKind * modes.length * concurrencies.length * 3,
    random: seededRandom(seed + 1),
  }),
  exclude: queries,
  count: modes.length * concurrencies.length,
  perKind: freshPerKind,
});
const freshFor = (mode: SearchMode, concurrency: number): BenchQuery[] => {
  const m = modes.indexOf(mode);
  const c = concurrencies.indexOf(concurrency);
  return freshPerKind > 0 && m >= 0 && c >= 0 ? (freshBatches[m * concurrencies.length + c] ?? []) : [];
};
if (freshPerKind > 0) {
  log(`uncached passes: ${freshBatches.map((b) => b.length).join(", ")} distinct queries per batch, sent once each`);
}
// Never-seen queries of their own that the server and the in-process service embed before anything is timed, so
// every embedder is timed in the steady state of a server in use: a fresh model runs its first hundred or so texts
// 20-45 % slower than later ones, and the engines' embedder has run hundreds by the time it is timed.
const [warmBatch = []] =
  embeddingModes.length > 0
    ? distinctBatches({
        pool: buildQueryMix({
          passages: corpus.documents.flatMap((d) => d.chunks.map((c) => c.text)),
          summaries: corpus.summaries,
          billIds: corpus.billIds,
          perKind: 60,
          random: seededRandom(seed + 2),
        }),
        exclude: [...queries, ...freshBatches.flat()],
        count: 1,
        perKind: 20,
      })
    : [];

const searchPath = (q: BenchQuery, mode: string) =>
  `/v1/search?${new URLSearchParams({ q: q.q, mode, limit: "10" }).toString()}`;

/**
 * `concurrency` clients cycling through `mix` (the query mix by default) for `requests` requests (or `--seconds`). A
 * repeated search is answered from the page cache in about a millisecond, so the default is many requests: a
 * p99 of 2,000 was mostly the first second's JIT warm-up and a few collections.
 */
async function load(
  server: ServerChild,
  mode: string,
  concurrency: number,
  mix: readonly BenchQuery[] = queries,
  requests = concurrency === 1 ? Math.max(1000, mix.length * 3) : Math.max(20_000, mix.length * 10),
): Promise<LoadResult> {
  const spec: LoadSpec = {
    url: server.url,
    headers: { authorization: `Bearer ${server.key}` },
    paths: mix.map((q) => searchPath(q, mode)),
    kinds: mix.map((q) => q.kind),
    concurrency,
    requests,
    maxSeconds,
  };
  const outcome = await runChild({
    script: "load-client.ts",
    spec,
    specFile: join(work, "load.json"),
    timeoutMs: (maxSeconds + 60) * 1000,
  });
  const result = lastJson<LoadResult>(outcome);
  if (!result) throw new Error(`the load generator failed: ${outcome.stderr}`);
  // Other work on the machine skews every figure: each one carries the load average at its end.
  return { ...result, loadAverage: os.loadavg() };
}

async function competitor(
  engine: CompetitorSpec["engine"],
  dbPath: string,
): Promise<SizeResult["competitors"][number]> {
  const spec: CompetitorSpec = { engine, dbPath, queries, passes: 1, maxSeconds: 240 };
  const heapMb = Math.floor((os.totalmem() / 1024 / 1024) * 0.6);
  const outcome = await runChild({
    script: "competitor-child.ts",
    spec,
    specFile: join(work, `${engine}.json`),
    flags: ["--expose-gc", `--max-old-space-size=${heapMb}`],
    timeoutMs: 30 * 60_000,
  });
  const result = lastJson<CompetitorResult>(outcome);
  if (result) return result;
  const reason = outcome.timedOut
    ? "no result within 30 minutes"
    : /heap out of memory|Allocation failed/i.test(outcome.stderr)
      ? "out of memory"
      : `exit ${outcome.code ?? outcome.signal}: ${outcome.stderr.trim().split("\n").pop() ?? ""}`;
  return { engine, failed: reason, peakRssBytes: outcome.peakRssBytes };
}

/** The never-seen keyword queries on a server without embedder or vector index: its memory is a keyword engine's. */
async function keywordOnlyServer(dataDir: string, never: BenchQuery[]): Promise<SizeResult["keywordOnly"]> {
  if (never.length === 0) return undefined;
  const server = await startServerChild(dataDir, { keywordOnly: true });
  try {
    const timed = await load(server, "keyword", 1, never, never.length);
    const { rss, peak, anon } = processMemory(server.pid);
    const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
    log(`keyword-only server: RSS ${mb(rss)} (peak ${mb(peak)}, anonymous ${mb(anon)})`);
    return { http: timed, rssBytes: rss, peakRssBytes: peak, anonBytes: anon };
  } finally {
    await server.stop();
  }
}

async function runSize(size: number): Promise<SizeResult> {
  const dataDir = join(root, `size-${size}`);
  let build = readBuild(dataDir);
  const reusedBuild = build !== null;
  if (build && build.vectors === null && embeddingModes.length > 0) {
    throw new Error(`${dataDir} was built without vectors: remove it, or run keyword mode only`);
  }
  if (build) {
    log(`${size}: reusing the index in ${dataDir}${build.vectors === null ? " (no vectors)" : ""}`);
    if (build.searchFields?.version !== SEARCH_FIELDS_VERSION) {
      build = upgradeSearchFields(dataDir, build);
      const filled = build.searchFields;
      log(
        `${size}: filled the units of ${filled?.units} chunks (${filled?.acronyms} with acronyms) and ${filled?.titles} titles in ${filled?.seconds.toFixed(1)} s`,
      );
    }
  } else {
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    log(`${size}: building in ${dataDir}`);
    const embedder = createUseLiteEmbedder();
    try {
      build = await buildIndex({
        dataDir,
        size,
        corpus,
        embedder,
        embedSample: Number(values["embed-sample"]),
        cacheDir,
        seed,
        withVectors: !(values["without-vectors"] && embeddingModes.length === 0),
        log,
      });
    } finally {
      await embedder.close();
    }
  }
  const diskBytes = folderBytes(dataDir);

  log(`${size}: loading the vector graph (rebuilt if saved with other settings)`);
  const graph = await prepareGraph(dataDir);
  if (graph.rebuilt) build = recordGraphRebuild(dataDir, build, graph.seconds);
  log(
    `${size}: ${graph.mode} vectors, graph ready in ${graph.seconds.toFixed(1)} s${graph.rebuilt ? " (rebuilt)" : ""}`,
  );

  log(`${size}: raw engines in process (load ${loadText()})`);
  const fresh = Object.fromEntries(modes.map((m) => [m, freshFor(m, concurrencies[0] ?? 1)]));
  const raw = await measureRawEngines({ dataDir, queries, modes, passes: 2, fresh, warm: warmBatch }).catch(
    (error: unknown) => {
      log(`${size}: raw engine measurement failed: ${String(error)}`);
      return null;
    },
  );

  log(`${size}: starting the server (load ${loadText()})`);
  const server = await startServerChild(dataDir);
  const http: SizeResult["http"] = {};
  let memory = { rss: 0, peak: 0, anon: 0 };
  try {
    const [embedding] = embeddingModes;
    if (embedding && warmBatch.length > 0) await load(server, embedding, 4, warmBatch, warmBatch.length);
    for (const mode of modes) {
      await load(server, mode, 4); // warm-up: loads the graph, fills caches, touches the pages
      http[mode] = {};
      for (const c of concurrencies) {
        const result = await load(server, mode, c);
        (http[mode] as Record<string, LoadResult>)[String(c)] = result;
        log(
          `${size} ${mode} c=${c}: p50 ${result.latency.p50.toFixed(2)} p99 ${result.latency.p99.toFixed(2)} ms, ${result.perSecond.toFixed(0)}/s, ${result.errors} errors (${result.requests} requests, ${result.distinctPaths} distinct; load ${loadText()})`,
        );
        const never = freshFor(mode, c);
        if (never.length === 0) continue;
        const first = await load(server, mode, c, never, never.length);
        (http[mode] as Record<string, LoadResult>)[`${c} uncached`] = first;
        log(
          `${size} ${mode} c=${c} uncached: p50 ${first.latency.p50.toFixed(2)} p99 ${first.latency.p99.toFixed(2)} ms, ${first.perSecond.toFixed(0)}/s, ${first.errors} errors (${first.requests} requests, ${first.distinctPaths} distinct; load ${loadText()})`,
        );
      }
    }
  } finally {
    memory = processMemory(server.pid);
    await server.stop();
  }
  const keywordOnly = await keywordOnlyServer(dataDir, freshFor("keyword", concurrencies[0] ?? 1));

  const competitors: SizeResult["competitors"] = [];
  for (const engine of engines) {
    log(`${size}: ${engine}`);
    competitors.push(await competitor(engine, join(dataDir, "opendiscourse.db")));
  }
  return {
    size,
    build,
    reusedBuild,
    graph,
    diskBytes,
    raw,
    http,
    server: { rssBytes: memory.rss, peakRssBytes: memory.peak, anonBytes: memory.anon },
    ...(keywordOnly ? { keywordOnly } : {}),
    competitors,
    loadAverage: os.loadavg(),
  };
}

const results: SizeResult[] = [];
const started = new Date().toISOString();
for (const size of sizes) {
  try {
    results.push(await runSize(size));
  } catch (error) {
    log(`${size}: failed: ${error instanceof Error ? error.message : String(error)}`);
    continue;
  }
  const report = {
    startedAt: started,
    machine: { cpus: os.availableParallelism(), memoryBytes: os.totalmem(), node: process.version },
    options: values,
    queryMix: queries,
    results,
    targets: checkTargets(results),
  };
  writeFileSync(out, JSON.stringify(report, null, 2)); // after each size, so a long run leaves partial results
}
rmSync(work, { recursive: true, force: true });
if (!values.data) rmSync(root, { recursive: true, force: true });

console.log("");
for (const r of results) console.log(`${formatSize(r)}\n`);
console.log(formatTargets(checkTargets(results)));
console.log(`\nJSON: ${out}`);
