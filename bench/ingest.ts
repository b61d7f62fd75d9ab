/**
 * Ingest benchmark: `npm run bench:ingest -- [--corpus ../shared/corpus] [--folders sap_pdf,bills_text] [--threads N]`.
 * Ingests real documents into a fresh data folder through the same runtime the server uses, then embeds the same
 * passages again with a fresh embedder pool, so the pipeline's embedding stage is compared with the raw embedder
 * measured in the same run. Prints figures; never fails a build.
 */
import { createReadStream, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { createUseLiteEmbedder } from "../src/adapters/node/use-lite-embedder";
import { openNodeRuntime } from "../src/apps/node-runtime";
import { configSchema } from "../src/core/config";
import { silentLogger } from "../src/core/observability";
import { embeddingInput } from "../src/core/read-for-storage";

const { values } = parseArgs({
  options: {
    corpus: { type: "string", default: "../shared/corpus" },
    folders: { type: "string", default: "sap_pdf,bills_text" },
    threads: { type: "string" },
  },
});
const corpus = resolve(values.corpus);
if (!existsSync(corpus)) {
  console.error(`no corpus at ${corpus}; pass --corpus DIR`);
  process.exit(0);
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : [],
  );
}
const paths = values.folders.split(",").flatMap((f) => files(join(corpus, f)));
const bytes = paths.reduce((n, p) => n + statSync(p).size, 0);

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);

const dataDir = mkdtempSync(join(tmpdir(), "opendiscourse-bench-"));
const config = configSchema.parse({ dataDir, embedThreads: values.threads, logLevel: "silent" });
const runtime = await openNodeRuntime(config, silentLogger);
const { services } = runtime;

// Wall-clock span of the embedding stage: from the first batch's start to the last batch's end.
let embedFirst = Number.POSITIVE_INFINITY;
let embedLast = 0;
let embedded = 0;
const original = services.deps.metrics.embedded.bind(services.deps.metrics);
services.deps.metrics.embedded = (count, seconds) => {
  const end = performance.now();
  embedFirst = Math.min(embedFirst, end - seconds * 1000);
  embedLast = Math.max(embedLast, end);
  embedded += count;
  original(count, seconds);
};

const t0 = performance.now();
const ids: string[] = [];
let failedUploads = 0;
for (const path of paths) {
  try {
    const result = await services.ingest({
      body: Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>,
      filename: basename(path),
      uploadedBy: "bench",
    });
    if (!result.duplicate) ids.push(result.id);
  } catch {
    failedUploads++;
  }
}
const stored = performance.now();
const workers = runtime.startWorkers();
let allIndexed = 0;
for (;;) {
  const counts = await services.documents.countByState();
  if (!allIndexed && counts.queued + counts.processing === 0) allIndexed = performance.now();
  if (counts.queued + counts.processing + counts.indexed === 0) break;
  await new Promise((r) => setTimeout(r, 100));
}
const done = performance.now();
await workers.stop();
const counts = await services.documents.countByState();
const { results: chunkRows } = await services.deps.db
  .prepare("SELECT heading, text FROM chunks")
  .all<{ heading: string; text: string }>();
const chunks = chunkRows.length;
await runtime.close();

// The raw embedder on the same passages, same thread count, one call: the ceiling for the pipeline.
const raw = createUseLiteEmbedder({ threads: config.embedThreads });
await raw.embed(["warm up"]);
const r0 = performance.now();
await raw.embed(chunkRows.map((c) => embeddingInput(c.heading, c.text)));
const rawSeconds = (performance.now() - r0) / 1000;
await raw.close?.();
clearInterval(sampler);
rmSync(dataDir, { recursive: true, force: true });

const total = (done - t0) / 1000;
const embedSeconds = (embedLast - embedFirst) / 1000;
const pipelineRate = embedded / embedSeconds;
const rawRate = chunks / rawSeconds;
const rows: [string, string][] = [
  ["documents", `${ids.length} new (${paths.length} files, ${failedUploads} refused at upload)`],
  ["states", JSON.stringify(counts)],
  ["input", `${(bytes / 1e6).toFixed(1)} MB`],
  ["store (upload + hash + blob)", `${((stored - t0) / 1000).toFixed(2)} s`],
  ["all keyword-indexed after", `${((allIndexed - t0) / 1000).toFixed(2)} s`],
  ["all ready after", `${total.toFixed(2)} s`],
  ["documents/s (end to end)", (ids.length / total).toFixed(2)],
  ["MB/s (end to end)", (bytes / 1e6 / total).toFixed(2)],
  ["chunks/s (end to end)", (chunks / total).toFixed(1)],
  ["chunks", String(chunks)],
  ["pipeline embedding stage", `${pipelineRate.toFixed(1)} passages/s over ${embedSeconds.toFixed(2)} s`],
  ["raw embedder, same passages", `${rawRate.toFixed(1)} passages/s (${rawSeconds.toFixed(2)} s)`],
  ["pipeline / raw", `${((pipelineRate / rawRate) * 100).toFixed(1)} %`],
  ["peak RSS", `${(peakRss / 1024 / 1024).toFixed(0)} MB`],
  ["embed threads", String(config.embedThreads ?? "cores")],
];
const width = Math.max(...rows.map(([k]) => k.length));
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
