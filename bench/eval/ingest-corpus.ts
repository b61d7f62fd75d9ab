/**
 * Ingesting the corpus for the evaluation through the product's own services: each file is prepared (titles
 * stripped, bill status left out), uploaded under an opaque name (`doc-<n>`) so nothing the ranking sees reveals
 * its path, and the folder's map of document id → corpus paths is kept beside the database so that a later run over
 * the same data folder only runs queries.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { NodeRuntime } from "../../src/apps/node-runtime";
import type { CorpusFile } from "./gold";
import { type PreparedKind, prepareForEval } from "./strip";

const MAP_FILE = "eval-corpus.json";

export interface IngestSummary {
  /** Files uploaded, by kind. */
  uploaded: Record<PreparedKind, number>;
  /** Title elements removed, over all files. */
  elementsRemoved: number;
  /** Files whose bytes were changed by stripping. */
  filesStripped: number;
  billStatusLeftOut: number;
  /** Files the product refused at upload, with its reason. */
  refused: { path: string; reason: string }[];
  /** Same bytes as a file uploaded before (the product keeps one document). */
  duplicates: number;
  uploadSeconds: number;
}

export interface CorpusMap {
  corpus: string;
  categories: string[] | null;
  limitDocs: number | null;
  /** Document id → corpus paths: several when files had the same bytes after stripping. */
  documents: Record<string, string[]>;
  summary: IngestSummary;
}

/** The map saved in a data folder by an earlier run, or null when the folder holds none. */
export function loadCorpusMap(dataDir: string): CorpusMap | null {
  const file = join(dataDir, MAP_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as CorpusMap) : null;
}

/**
 * Uploads the files through `services.ingest` and saves the map in the data folder. Processing happens in the
 * runtime's workers; wait for it with `waitForIndex`.
 */
export async function ingestCorpus(options: {
  runtime: NodeRuntime;
  dataDir: string;
  corpus: string;
  files: CorpusFile[];
  categories: string[] | null;
  limitDocs: number | null;
  log: (line: string) => void;
}): Promise<CorpusMap> {
  const { services } = options.runtime;
  const summary: IngestSummary = {
    uploaded: { xml: 0, html: 0, pdf: 0, other: 0 },
    elementsRemoved: 0,
    filesStripped: 0,
    billStatusLeftOut: 0,
    refused: [],
    duplicates: 0,
    uploadSeconds: 0,
  };
  const documents: Record<string, string[]> = {};
  const started = performance.now();
  let n = 0;
  for (const file of options.files) {
    if (options.limitDocs !== null && n >= options.limitDocs) break;
    const prepared = prepareForEval(new Uint8Array(readFileSync(join(options.corpus, file.path))));
    if (prepared.billStatus) {
      summary.billStatusLeftOut++;
      continue;
    }
    n++;
    try {
      const result = await services.ingest({
        body: new Blob([prepared.bytes as BlobPart]).stream(),
        filename: `doc-${n}`,
        uploadedBy: "eval",
      });
      documents[result.id] = [...(documents[result.id] ?? []), file.path];
      if (result.duplicate) summary.duplicates++;
      summary.uploaded[prepared.kind]++;
      summary.elementsRemoved += prepared.removed;
      if (prepared.removed > 0) summary.filesStripped++;
    } catch (error) {
      summary.refused.push({ path: file.path, reason: error instanceof Error ? error.message : String(error) });
    }
    if (n % 100 === 0) options.log(`uploaded ${n} files`);
  }
  summary.uploadSeconds = (performance.now() - started) / 1000;
  const map: CorpusMap = {
    corpus: options.corpus,
    categories: options.categories,
    limitDocs: options.limitDocs,
    documents,
    summary,
  };
  writeFileSync(join(options.dataDir, MAP_FILE), JSON.stringify(map, null, 1));
  return map;
}

/**
 * Waits until no document is queued, processing or waiting for its embeddings, logging progress every
 * `everySeconds`. Returns the final counts by state.
 */
export async function waitForIndex(options: {
  runtime: NodeRuntime;
  log: (line: string) => void;
  everySeconds?: number;
}): Promise<Record<string, number>> {
  const { services } = options.runtime;
  const metrics = services.deps.metrics;
  const original = metrics.embedded.bind(metrics);
  let embedded = 0;
  metrics.embedded = (count, seconds) => {
    embedded += count;
    original(count, seconds);
  };
  const started = performance.now();
  let lastLog = started;
  try {
    for (;;) {
      const counts = await services.documents.countByState();
      const pending = counts.queued + counts.processing + counts.indexed;
      const now = performance.now();
      if (pending === 0 || now - lastLog >= (options.everySeconds ?? 15) * 1000) {
        lastLog = now;
        const total = await services.deps.db.prepare("SELECT COUNT(*) AS n FROM chunks").first<number>("n");
        const seconds = (now - started) / 1000;
        options.log(
          `[${seconds.toFixed(0).padStart(5)} s] ready ${counts.ready}, indexed ${counts.indexed}, queued ${counts.queued}, ` +
            `processing ${counts.processing}, failed ${counts.failed}; passages embedded ${embedded} of ${total ?? 0} chunks` +
            ` (${seconds > 0 ? (embedded / seconds).toFixed(1) : "0"}/s)`,
        );
      }
      if (pending === 0) return counts;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    metrics.embedded = original;
  }
}
