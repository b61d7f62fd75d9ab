/**
 * Search benchmark: `npm run bench:search -- [--sizes 10k,100k,1m] [--modes keyword,semantic,hybrid]
 * [--out FILE.json] [--data DIR] [--corpus ../shared/corpus] [--engines minisearch,orama] [--per-kind 20]`.
 *
 * For each size it writes an index of that many chunks into a product data folder (real corpus chunks, then
 * generated text and vectors with the corpus's statistics; see build-index.ts), starts the real server on it, and
 * measures: HTTP latency and queries/s per mode at 1 and 16 clients (the load generator in another process); the
 * raw engines in this process (FTS5 alone, the query embedding alone, the vector query alone, the search service
 * without HTTP); vector recall@10 of the approximate index against exact search; and MiniSearch and Orama on the
 * same chunks and queries, each in a process of its own. Prints a table, writes JSON; never fails a build.
 * `--data DIR` keeps the built folders there (DIR/size-N) and reuses any already built.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createUseLiteEmbedder } from "../../src/adapters/node/use-lite-embedder";
import type { SearchMode } from "../../src/core/domain";
import { buildIndex, folderBytes, readBuild } from "./build-index";
import { lastJson, processMemory, runChild, type ServerChild, startServerChild } from "./children";
import type { CompetitorResult, CompetitorSpec } from "./competitor-child";
import { loadCorpus } from "./corpus";
import type { LoadResult, LoadSpec } from "./load-client";
import { type BenchQuery, buildQueryMix } from "./query-mix";
import { measureRawEngines } from "./raw-engine";
import { checkTargets, formatSize, formatTargets, type SizeResult } from "./report";
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
    "embed-sample": { type: "string", default: "4000" },
    seconds: { type: "string", default: "30" },
    seed: { type: "string", default: "1" },
  },
});
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

const searchPath = (q: BenchQuery, mode: string) =>
  `/v1/search?${new URLSearchParams({ q: q.q, mode, limit: "10" }).toString()}`;

async function load(server: ServerChild, mode: string, concurrency: number): Promise<LoadResult> {
  const spec: LoadSpec = {
    url: server.url,
    headers: { authorization: `Bearer ${server.key}` },
    paths: queries.map((q) => searchPath(q, mode)),
    kinds: queries.map((q) => q.kind),
    concurrency,
    requests: concurrency === 1 ? queries.length * 3 : Math.max(2000, queries.length * 10),
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
  return result;
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

async function runSize(size: number): Promise<SizeResult> {
  const dataDir = join(root, `size-${size}`);
  let build = readBuild(dataDir);
  if (build) log(`${size}: reusing the index in ${dataDir}`);
  else {
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
        log,
      });
    } finally {
      await embedder.close();
    }
  }
  const diskBytes = folderBytes(dataDir);

  log(`${size}: raw engines in process`);
  const raw = await measureRawEngines({ dataDir, queries, modes, passes: 2 }).catch((error: unknown) => {
    log(`${size}: raw engine measurement failed: ${String(error)}`);
    return null;
  });

  log(`${size}: starting the server`);
  const server = await startServerChild(dataDir);
  const http: SizeResult["http"] = {};
  let memory = { rss: 0, peak: 0 };
  try {
    for (const mode of modes) {
      await load(server, mode, 4); // warm-up: loads the graph, fills caches, touches the pages
      http[mode] = {};
      for (const c of concurrencies) {
        const result = await load(server, mode, c);
        (http[mode] as Record<string, LoadResult>)[String(c)] = result;
        log(
          `${size} ${mode} c=${c}: p50 ${result.latency.p50.toFixed(2)} p99 ${result.latency.p99.toFixed(2)} ms, ${result.perSecond.toFixed(0)}/s, ${result.errors} errors`,
        );
      }
    }
  } finally {
    memory = processMemory(server.pid);
    await server.stop();
  }

  const competitors: SizeResult["competitors"] = [];
  for (const engine of engines) {
    log(`${size}: ${engine}`);
    competitors.push(await competitor(engine, join(dataDir, "opendiscourse.db")));
  }
  return {
    size,
    build,
    diskBytes,
    raw,
    http,
    server: { rssBytes: memory.rss, peakRssBytes: memory.peak },
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
