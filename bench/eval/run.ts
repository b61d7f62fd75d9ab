/**
 * Retrieval evaluation: `npm run eval -- [--corpus ../shared/corpus] [--queries F] [--qrels F] [--data DIR]
 * [--categories bills_text,sap_pdf] [--limit-docs N] [--modes keyword,semantic,hybrid] [--threads N] [--out F]`.
 *
 * Ingests the corpus through the product (paths hidden behind opaque names, title fields stripped, bill status
 * left out: they hold the queries' own text), runs the gold queries in each mode and against a naive BM25 baseline,
 * and prints nDCG@10, Recall@100 and MRR per mode and query type. A `--data` folder that already holds an ingested
 * corpus is reused: only the queries run. Prints figures; never fails a build.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { openNodeRuntime } from "../../src/apps/node-runtime";
import { configSchema } from "../../src/core/config";
import { silentLogger } from "../../src/core/observability";
import { listCorpus, readQrels, readQueries } from "./gold";
import { ingestCorpus, loadCorpusMap, waitForIndex } from "./ingest-corpus";
import { scoreQuery } from "./metrics";
import { type Mode, naiveBm25, pathsById, productRanker } from "./rank";
import { BASELINE, formatSummary, type ScoredQuery, summarize } from "./report";

const { values } = parseArgs({
  options: {
    corpus: { type: "string", default: "../shared/corpus" },
    queries: { type: "string" },
    qrels: { type: "string" },
    data: { type: "string" },
    categories: { type: "string" },
    "limit-docs": { type: "string" },
    modes: { type: "string", default: "keyword,semantic,hybrid" },
    threads: { type: "string" },
    out: { type: "string" },
  },
});
const log = (line: string) => console.log(line);
const corpus = resolve(values.corpus);
const queries = readQueries(values.queries ?? join(corpus, "gold", "queries.tsv"));
const qrels = readQrels(values.qrels ?? join(corpus, "gold", "qrels.tsv"));
const categories = values.categories ? values.categories.split(",").filter(Boolean) : null;
const limitDocs = values["limit-docs"] ? Number(values["limit-docs"]) : null;
const modes = values.modes.split(",").filter(Boolean) as Mode[];
for (const mode of modes) {
  if (!["keyword", "semantic", "hybrid"].includes(mode)) throw new Error(`unknown mode ${mode}`);
}

const temporary = !values.data;
const dataDir = values.data ? resolve(values.data) : mkdtempSync(join(tmpdir(), "opendiscourse-eval-"));
mkdirSync(dataDir, { recursive: true });
const config = configSchema.parse({ dataDir, embedder: "use-lite", embedThreads: values.threads, logLevel: "silent" });
const runtime = await openNodeRuntime(config, silentLogger);
const { services } = runtime;
const workers = runtime.startWorkers();
const t0 = performance.now();

let map = loadCorpusMap(dataDir);
if (map) {
  log(`data folder ${dataDir} already holds the corpus (${Object.keys(map.documents).length} documents): no ingest`);
} else {
  const files = listCorpus(corpus).filter((f) => !categories || categories.includes(f.category));
  log(`corpus ${corpus}: ingesting ${limitDocs ?? "all"} of ${files.length} files into ${dataDir}`);
  map = await ingestCorpus({ runtime, dataDir, corpus, files, categories, limitDocs, log });
}
const s = map.summary;
log(
  `uploaded ${JSON.stringify(s.uploaded)}; ${s.duplicates} duplicates; ${s.refused.length} refused; ` +
    `bill status left out: ${s.billStatusLeftOut}`,
);
log(`title fields stripped: ${s.elementsRemoved} elements from ${s.filesStripped} XML/HTML files`);
log("PDFs ingested as they are, and GPO's HTML (<pre> text) carries no title markup: their titles stay in the text");
for (const r of s.refused) log(`  refused ${r.path}: ${r.reason}`);
const counts = await waitForIndex({ runtime, log });
// A corpus ingested by an earlier version may have its search index to bring up to date: all of it, before anything
// is ranked.
let steps = 0;
while (await services.upkeepSearchIndex()) steps++;
if (steps > 0) log(`search index upkeep: ${steps} steps`);
log(`ingest took ${((performance.now() - t0) / 1000).toFixed(1)} s (this run); states ${JSON.stringify(counts)}`);
await workers.stop();

const leaked = await services.deps.db
  .prepare("SELECT COUNT(*) AS n FROM documents WHERE title = filename OR title LIKE 'doc-%'")
  .first<number>("n");
log(`documents titled after their upload name: ${leaked ?? 0}`);

const paths = await pathsById(services, map.documents);
const ingested = new Set([...paths.values()].flat());
const runnable = queries.flatMap((q) => {
  const judged = new Map([...(qrels.get(q.qid) ?? [])].filter(([path, grade]) => grade > 0 && ingested.has(path)));
  return judged.size > 0 ? [{ ...q, judged }] : [];
});
const judgedPaths = new Set(runnable.flatMap((q) => [...q.judged.keys()]));
log(
  `${runnable.length} of ${queries.length} queries have a relevant document in the index ` +
    `(${judgedPaths.size} judged documents; judgements of documents left out are dropped)`,
);

const scored: ScoredQuery[] = [];
const record = (q: (typeof runnable)[number], mode: string, ranked: string[], error?: string) => {
  const first = ranked.findIndex((p) => (q.judged.get(p) ?? 0) > 0);
  scored.push({
    qid: q.qid,
    type: q.type,
    mode,
    ...scoreQuery(ranked, q.judged),
    firstRelevant: first < 0 ? null : first + 1,
    ...(error ? { error } : {}),
  });
};

const baseline = await naiveBm25(services, paths);
let started = performance.now();
for (const q of runnable) record(q, BASELINE, baseline.rank(q.text));
baseline.close();
log(`${BASELINE}: ${baseline.documents} documents, ${((performance.now() - started) / 1000).toFixed(1)} s`);

const ranker = productRanker(services, paths);
for (const mode of modes) {
  started = performance.now();
  let errors = 0;
  let warnings = 0;
  for (const q of runnable) {
    const result = await ranker.rank(q.text, mode);
    if (result.error) errors++;
    if (result.warning) warnings++;
    record(q, mode, result.paths, result.error);
  }
  const seconds = (performance.now() - started) / 1000;
  log(`${mode}: ${runnable.length} queries in ${seconds.toFixed(1)} s; ${errors} refused, ${warnings} warnings`);
  const firstError = scored.find((r) => r.mode === mode && r.error);
  if (firstError) log(`  e.g. ${firstError.qid}: ${firstError.error}`);
}
await runtime.close();

const summary = summarize(scored);
console.log(formatSummary(summary));
if (values.out) {
  writeFileSync(
    values.out,
    JSON.stringify(
      {
        corpus,
        dataDir: temporary ? null : dataDir,
        categories: map.categories,
        limitDocs: map.limitDocs,
        ingest: { ...map.summary, documents: Object.keys(map.documents).length, states: counts },
        queries: { total: queries.length, scored: runnable.length, judgedDocuments: judgedPaths.size },
        summary,
        perQuery: scored,
      },
      null,
      1,
    ),
  );
  log(`\nwrote ${values.out}`);
}
if (temporary) rmSync(dataDir, { recursive: true, force: true });
else log(`data kept in ${dataDir}: pass --data ${dataDir} again to rerun the queries only`);
