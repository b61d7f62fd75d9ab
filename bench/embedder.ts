// Throughput and latency of the bundled sentence encoder: one model on the calling thread versus the worker pool.
// Usage: npx tsx bench/embedder.ts [--corpus ../shared/corpus] [--passages 96] [--queries 100]
//   [--batch 8] [--batch-chars 512]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createInProcessUseLiteEmbedder, createUseLiteEmbedder } from "../src/adapters/node/use-lite-embedder";
import type { Embedder } from "../src/core/ports/embedder";

const { values } = parseArgs({
  options: {
    corpus: { type: "string", default: "../shared/corpus" },
    passages: { type: "string", default: "96" },
    queries: { type: "string", default: "100" },
    batch: { type: "string" },
    "batch-chars": { type: "string" },
  },
});
const passageCount = Number(values.passages);
const queryCount = Number(values.queries);

const QUERIES = [
  "appropriations for the department of defense",
  "tax credit for electric vehicles",
  "who sponsored the farm bill",
  "honoring veterans of the korean war",
  "federal register notice on air quality standards",
];

/** Paragraphs of 200-2,000 characters (the size of index chunks) from the corpus's HTML and text files. */
function corpusPassages(root: string, limit: number): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(html?|txt)$/i.test(entry.name)) files.push(full);
    }
  };
  walk(root);
  const passages: string[] = [];
  for (const file of files) {
    const text = fs
      .readFileSync(file, "utf8")
      .replace(/<[^>]+>/g, " ")
      .replace(/&(amp|lt|gt|quot|nbsp|#\d+);/g, " ");
    for (const block of text.split(/\n\s*\n|\n {2}(?=\S)/)) {
      const passage = block.replace(/\s+/g, " ").trim();
      if (passage.length >= 200 && passage.length <= 2000) passages.push(passage);
      if (passages.length >= limit) return passages;
    }
  }
  return passages;
}

function generatedPassages(limit: number): string[] {
  const words = (
    "the committee on appropriations reported the bill with amendments to provide funding for veterans " +
    "health care rural broadband wildfire prevention and the modernization of federal highways and bridges"
  ).split(" ");
  return Array.from({ length: limit }, (_, i) =>
    Array.from({ length: 60 + (i % 5) * 30 }, (_, j) => words[(i * 13 + j * 7) % words.length]).join(" "),
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function throughput(label: string, run: () => Promise<unknown>, count: number): Promise<void> {
  const started = performance.now();
  await run();
  const seconds = (performance.now() - started) / 1000;
  console.log(`${label.padEnd(44)} ${(count / seconds).toFixed(1).padStart(6)} passages/s  (${seconds.toFixed(1)} s)`);
}

/** Sequential one-query calls; with `background`, only while that bulk work is still running. */
async function latency(label: string, embedder: Embedder, background?: Promise<unknown>): Promise<void> {
  const times: number[] = [];
  let busy = background !== undefined;
  void background?.then(() => {
    busy = false;
  });
  for (let i = 0; i < queryCount && (busy || background === undefined); i++) {
    const started = performance.now();
    await embedder.embed([QUERIES[i % QUERIES.length] ?? ""]);
    times.push(performance.now() - started);
  }
  await background;
  times.sort((a, b) => a - b);
  const p50 = percentile(times, 50).toFixed(1);
  const p99 = percentile(times, 99).toFixed(1);
  console.log(`${label.padEnd(44)} p50 ${p50} ms  p99 ${p99} ms  (${times.length} queries)`);
}

const corpus = path.resolve(values.corpus);
const fromCorpus = fs.existsSync(corpus) ? corpusPassages(corpus, passageCount) : [];
const passages = fromCorpus.length >= passageCount ? fromCorpus : generatedPassages(passageCount);
// Titles and headings: the first dozen words of each passage.
const shorts = passages.map((p) => p.split(" ").slice(0, 12).join(" "));
const meanChars = passages.reduce((sum, p) => sum + p.length, 0) / passages.length;
console.log(
  `${passages.length} passages (${fromCorpus.length >= passageCount ? corpus : "generated"}), mean ${meanChars.toFixed(0)} chars; ` +
    `${os.availableParallelism()} cores, Node ${process.version}`,
);

let started = performance.now();
const raw = await createInProcessUseLiteEmbedder();
console.log(`${"model load, in process".padEnd(44)} ${(performance.now() - started).toFixed(0)} ms`);
await raw.embed(passages.slice(0, 2));
await throughput(
  "in process, one passage per call",
  async () => {
    for (const p of passages) await raw.embed([p]);
  },
  passages.length,
);
await throughput("in process, one call of all passages", () => raw.embed(passages), passages.length);
await throughput(
  "in process, short texts, one per call",
  async () => {
    for (const p of shorts) await raw.embed([p]);
  },
  shorts.length,
);
await latency("query latency, in process", raw);

for (const threads of [1, 2]) {
  const pool = createUseLiteEmbedder({
    threads,
    batchSize: values.batch ? Number(values.batch) : undefined,
    batchChars: values["batch-chars"] ? Number(values["batch-chars"]) : undefined,
  });
  started = performance.now();
  await pool.warmup();
  console.log(`${`pool ${threads} thread(s): start`.padEnd(44)} ${(performance.now() - started).toFixed(0)} ms`);
  await throughput(`pool ${threads} thread(s), one call`, () => pool.embed(passages), passages.length);
  await throughput(`pool ${threads} thread(s), short texts, one call`, () => pool.embed(shorts), shorts.length);
  const callers = 8;
  const share = Math.ceil(passages.length / callers);
  await throughput(
    `pool ${threads} thread(s), ${callers} concurrent callers`,
    () =>
      Promise.all(Array.from({ length: callers }, (_, c) => pool.embed(passages.slice(c * share, (c + 1) * share)))),
    passages.length,
  );
  await latency(`query latency, pool ${threads} thread(s), idle`, pool);
  await latency(`query latency, pool ${threads} thread(s), during bulk`, pool, pool.embed(passages));
  await pool.close();
}
