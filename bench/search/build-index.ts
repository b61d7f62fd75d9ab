/**
 * Writes a benchmark index straight into a product data folder: the product's migrations, its tables (the FTS
 * index is filled by the product's own triggers, so it follows whatever the schema becomes), its vector index
 * (sqlite-vec tables and a saved HNSW graph). Real corpus chunks come first; generated documents fill up to the
 * size. Ingesting through the pipeline would spend hours embedding, which is not what this measures.
 */
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { applyMigrations } from "../../src/adapters/node/migrations";
import { openSqliteDatabase } from "../../src/adapters/node/sqlite-database";
import { createNodeVectorIndex } from "../../src/adapters/node/vector-index";
import type { Embedder } from "../../src/core/ports";
import type { BenchCorpus, BenchDocument } from "./corpus";
import { assignVectors } from "./sample-vectors";
import {
  chunkSearchFields,
  type FilledFields,
  fillSearchFields,
  firstChunkTitle,
  mergeKeywordIndex,
  SEARCH_FIELDS_VERSION,
} from "./search-fields";
import { seededRandom } from "./stats";
import { trainTextModel } from "./text-model";

export interface BuildReport {
  size: number;
  documents: number;
  realChunks: number;
  generatedChunks: number;
  /**
   * `text`: writing documents and chunks (the FTS index filled by the triggers), the figure to compare with other
   * engines' build; `generate`: making up the generated text meanwhile (not part of any build).
   */
  seconds: { text: number; generate: number; vectors: number; hnsw: number; total: number };
  /** Null for an index built without vectors (`withVectors: false`), fit for keyword search only. */
  vectors: Awaited<ReturnType<typeof assignVectors>>["report"] | null;
  /** Chunks' citation units and first-chunk titles filled as the product fills them (absent in older builds). */
  searchFields?: FilledFields;
  /** When it was built (ISO; absent in older builds). */
  builtAt?: string;
}

export const BUILD_INFO = "bench-build.json";

/** Walks a folder and adds up file sizes. */
export function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(path) : statSync(path).size;
  }
  return total;
}

/** The report of an earlier build in `dataDir`, or null when there is none. */
export function readBuild(dataDir: string): BuildReport | null {
  const file = join(dataDir, BUILD_INFO);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as BuildReport) : null;
}

/**
 * Records that the graph of an earlier build was rebuilt (saved with other settings) in `seconds`: the build report
 * then gives the time of the graph in use, not of the one replaced. Returns the report, updated and saved.
 */
export function recordGraphRebuild(dataDir: string, build: BuildReport, seconds: number): BuildReport {
  const updated = { ...build, seconds: { ...build.seconds, hnsw: seconds } };
  writeFileSync(join(dataDir, BUILD_INFO), JSON.stringify(updated, null, 2));
  return updated;
}

/**
 * Fills the search fields of an index built before the benchmark filled them (see search-fields.ts), in place:
 * the vectors and the graph stay as they are. Returns the build report, updated and saved.
 */
export function upgradeSearchFields(dataDir: string, build: BuildReport): BuildReport {
  if (build.searchFields?.version === SEARCH_FIELDS_VERSION) return build;
  const db = new Database(join(dataDir, "opendiscourse.db"));
  try {
    applyMigrations(db);
    const upgraded = { ...build, searchFields: fillSearchFields(db) };
    db.pragma("wal_checkpoint(TRUNCATE)");
    writeFileSync(join(dataDir, BUILD_INFO), JSON.stringify(upgraded, null, 2));
    return upgraded;
  } finally {
    db.close();
  }
}

/** Documents to write: real ones first (shuffled, whole), then generated ones shaped like random real ones. */
function* plannedDocuments(corpus: BenchCorpus, size: number, seed: number): Generator<BenchDocument> {
  const random = seededRandom(seed);
  const real = [...corpus.documents].sort(() => random() - 0.5);
  let left = size;
  for (const doc of real) {
    if (left <= 0) return;
    const chunks = doc.chunks.slice(0, left);
    left -= chunks.length;
    yield { ...doc, chunks };
  }
  const passages = corpus.documents.flatMap((d) => d.chunks.map((c) => c.text));
  const textModel = trainTextModel(passages);
  const titleModel = trainTextModel(corpus.documents.flatMap((d) => (d.title ? [d.title] : [])));
  const headings = corpus.documents.flatMap((d) => d.chunks.map((c) => c.heading));
  const lengths = passages.map((p) => p.length);
  for (let n = 0; left > 0; n++) {
    const template = real[Math.floor(random() * real.length)] as BenchDocument;
    const count = Math.min(left, template.chunks.length);
    left -= count;
    let offset = 0;
    const chunks = Array.from({ length: count }, (_, ord) => {
      const text = textModel.generate(lengths[Math.floor(random() * lengths.length)] as number, random);
      const chunk = {
        ord,
        start: offset,
        end: offset + text.length,
        heading: headings[ord % headings.length] ?? "",
        text,
      };
      offset += text.length + 2;
      return chunk;
    });
    const congress = template.congress ?? 100 + Math.floor(random() * 20);
    const billType = template.billType ?? "hr";
    const number = 1 + Math.floor(random() * 9999);
    yield {
      ...template,
      filename: `generated-${n}.txt`,
      title: titleModel.generate(40 + Math.floor(random() * 120), random),
      billId: template.billId ? `${congress}-${billType}-${number}` : null,
      congress: template.congress === null ? null : congress,
      text: chunks.map((c) => c.text).join("\n\n"),
      chunks,
    };
  }
}

/**
 * Builds the index of `size` chunks in `dataDir` (which must hold no database yet) and records what it did in
 * `bench-build.json` there. `embedder` embeds the sample of real chunks the generated vectors are modelled on.
 * `withVectors: false` leaves the vectors out (for keyword runs at sizes whose graph takes too long to build).
 */
export async function buildIndex(options: {
  dataDir: string;
  size: number;
  corpus: BenchCorpus;
  embedder: Embedder;
  embedSample: number;
  cacheDir: string;
  seed: number;
  withVectors?: boolean;
  log: (line: string) => void;
}): Promise<BuildReport> {
  const { dataDir, size, log } = options;
  const t0 = performance.now();
  const db = openSqliteDatabase({ path: join(dataDir, "opendiscourse.db") });
  applyMigrations(db.raw);
  const raw = db.raw;
  const now = new Date().toISOString();
  const insertDocument = raw.prepare(
    `INSERT INTO documents (id, sha256, filename, media_type, format, size, blob_key, title, state, chunk_count,
       text_chars, embedding_model, uploaded_by, created_at, updated_at, parser, document_type, bill_id, congress,
       bill_type, version_code, document_date)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'ready', ?, ?, ?, 'bench', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertText = raw.prepare("INSERT INTO document_texts (document_id, text, sections) VALUES (?, ?, '[]')");
  // Each chunk is written whole, with its search fields, as the product writes it: the keyword index reads it once.
  const insertChunk = raw.prepare(
    `INSERT INTO chunks (document_id, ord, start_offset, end_offset, heading, text, acronyms, units, title)
     SELECT ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? = 0 THEN ${firstChunkTitle("?")} ELSE '' END`,
  );
  const fields = { units: 0, acronyms: 0 };
  let fieldsMs = 0;
  const written: { id: string; doc: BenchDocument; real: boolean }[] = [];
  const writeBatch = raw.transaction((docs: { id: string; doc: BenchDocument }[]) => {
    for (const { id, doc } of docs) {
      const sha = createHash("sha256").update(id).digest("hex");
      insertDocument.run(
        id,
        sha,
        doc.filename,
        doc.mediaType,
        doc.format,
        doc.size,
        `bench/${id}`,
        doc.title,
        doc.chunks.length,
        doc.chunks.at(-1)?.end ?? null,
        options.embedder.model,
        now,
        now,
        doc.parser,
        doc.documentType,
        doc.billId,
        doc.congress,
        doc.billType,
        doc.version,
        doc.date,
      );
      insertText.run(id, doc.text);
      for (const c of doc.chunks) {
        const started = performance.now();
        const { acronyms, units } = chunkSearchFields(c.text);
        fieldsMs += performance.now() - started;
        if (acronyms !== "") fields.acronyms++;
        if (units !== "") fields.units++;
        insertChunk.run(id, c.ord, c.start, c.end, c.heading, c.text, acronyms, units, c.ord, id);
      }
    }
  });
  let writeMs = 0;
  const write = (docs: { id: string; doc: BenchDocument }[]) => {
    const started = performance.now();
    writeBatch(docs);
    writeMs += performance.now() - started;
  };
  let pending: { id: string; doc: BenchDocument }[] = [];
  let pendingChunks = 0;
  let total = 0;
  const realNames = new Set(options.corpus.documents.map((d) => d.filename));
  for (const doc of plannedDocuments(options.corpus, size, options.seed)) {
    const id = randomUUID();
    pending.push({ id, doc });
    // Only what the vector step needs is kept: the chunk texts of real documents, for their real embeddings.
    const real = realNames.has(doc.filename);
    written.push({
      id,
      doc: real ? doc : { ...doc, text: "", chunks: doc.chunks.map((c) => ({ ...c, text: "" })) },
      real,
    });
    pendingChunks += doc.chunks.length;
    total += doc.chunks.length;
    if (pendingChunks >= 5000) {
      write(pending);
      pending = [];
      pendingChunks = 0;
      if (total % 100_000 < 5000) log(`  ${total} chunks written`);
    }
  }
  write(pending);
  const tMerge = performance.now();
  mergeKeywordIndex(raw);
  writeMs += performance.now() - tMerge;
  const titles = raw.prepare("SELECT count(*) AS n FROM chunks WHERE ord = 0 AND title <> ''").get() as { n: number };
  const searchFields: FilledFields = {
    version: SEARCH_FIELDS_VERSION,
    ...fields,
    titles: titles.n,
    seconds: fieldsMs / 1000,
  };
  const tText = performance.now();
  log(
    `  text and keyword index: ${total} chunks written in ${(writeMs / 1000).toFixed(1)} s (${((tText - t0 - writeMs) / 1000).toFixed(1)} s generating)`,
  );

  const index = createNodeVectorIndex({
    db,
    dataDir,
    dimensions: options.embedder.dimensions,
    model: options.embedder.model,
  });
  raw
    .prepare("INSERT INTO index_meta (key, value) VALUES ('embedding', ?) ON CONFLICT (key) DO NOTHING")
    .run(JSON.stringify({ model: options.embedder.model, dimensions: options.embedder.dimensions }));
  const vectors =
    options.withVectors === false
      ? null
      : await assignVectors({
          documents: written,
          embedder: options.embedder,
          sample: options.embedSample,
          cacheDir: options.cacheDir,
          seed: options.seed,
          log,
          write: (records) => index.upsert(records).then(() => undefined),
        });
  const tVectors = performance.now();
  log(vectors ? `  vectors: ${total} in ${((tVectors - tText) / 1000).toFixed(1)} s` : "  no vectors");
  await index.ready();
  await index.close();
  const tHnsw = performance.now();
  log(`  HNSW graph: ${((tHnsw - tVectors) / 1000).toFixed(1)} s`);
  raw.pragma("wal_checkpoint(TRUNCATE)");
  db.close();

  const realChunks = written.filter((w) => w.real).reduce((n, w) => n + w.doc.chunks.length, 0);
  const report: BuildReport = {
    size,
    documents: written.length,
    realChunks,
    generatedChunks: total - realChunks,
    seconds: {
      text: writeMs / 1000,
      generate: (tText - t0 - writeMs) / 1000,
      vectors: (tVectors - tText) / 1000,
      hnsw: (tHnsw - tVectors) / 1000,
      total: (tHnsw - t0) / 1000,
    },
    vectors: vectors?.report ?? null,
    searchFields,
    builtAt: new Date().toISOString(),
  };
  writeFileSync(join(dataDir, BUILD_INFO), JSON.stringify(report, null, 2));
  return report;
}
