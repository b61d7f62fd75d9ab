/**
 * The vectors of a benchmark index: a sample of real chunks embedded with the bundled embedder (cached between
 * runs), and for every other chunk a generated vector modelled on that sample (see vector-model.ts). The larger the
 * sample, the fewer generated vectors share a real one and the more realistic the index: `--embed-sample 4000` takes
 * about 3 minutes to embed once on 2 cores, then comes from the cache.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chunkVectorId } from "../../src/core/documents";
import type { Embedder, VectorRecord } from "../../src/core/ports";
import { embeddingInput } from "../../src/core/read-for-storage";
import type { BenchDocument } from "./corpus";
import { seededRandom } from "./stats";
import { calibrateVectorModel, describeCalibration, type VectorStatistics } from "./vector-model";

const WRITE_BATCH = 2000;
const EMBED_BATCH = 64;

export interface VectorReport {
  embedded: number;
  /** Passages/s of the embedder on the sample, or null when every sample vector came from the cache. */
  embedRate: number | null;
  /** Nearest-neighbour distance × this per doubling of the collection, fitted on the sample. */
  distancePerDoubling: number;
  /** At `checkSize`: the sample's trend (real) and the generated set's newest vectors (generated). */
  checkSize: number;
  real: VectorStatistics;
  generated: VectorStatistics;
}

function key(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 24);
}

async function embedSample(options: {
  inputs: string[];
  embedder: Embedder;
  cacheFile: string;
  log: (line: string) => void;
}): Promise<{ vectors: Float32Array[]; rate: number | null }> {
  const cache: Record<string, number[]> = existsSync(options.cacheFile)
    ? JSON.parse(readFileSync(options.cacheFile, "utf8"))
    : {};
  const missing = [...new Set(options.inputs.filter((t) => !cache[key(t)]))];
  let rate: number | null = null;
  if (missing.length > 0) {
    const t0 = performance.now();
    for (let i = 0; i < missing.length; i += EMBED_BATCH) {
      const batch = missing.slice(i, i + EMBED_BATCH);
      const vectors = await options.embedder.embed(batch);
      batch.forEach((text, k) => {
        cache[key(text)] = Array.from(vectors[k] as Float32Array);
      });
    }
    rate = missing.length / ((performance.now() - t0) / 1000);
    options.log(`  embedded ${missing.length} real chunks at ${rate.toFixed(1)} passages/s`);
    writeFileSync(options.cacheFile, JSON.stringify(cache));
  }
  return { vectors: options.inputs.map((t) => Float32Array.from(cache[key(t)] as number[])), rate };
}

/** Writes a vector for every chunk of `documents` through `write`, in order. */
export async function assignVectors(options: {
  documents: { id: string; doc: BenchDocument; real: boolean }[];
  embedder: Embedder;
  sample: number;
  cacheDir: string;
  seed: number;
  log: (line: string) => void;
  write: (records: VectorRecord[]) => Promise<void>;
}): Promise<{ report: VectorReport }> {
  const random = seededRandom(options.seed + 1);
  const realChunks = options.documents
    .filter((d) => d.real)
    .flatMap((d) =>
      d.doc.chunks.map((c) => ({ id: chunkVectorId(d.id, c.ord), input: embeddingInput(c.heading, c.text) })),
    );
  // Ordered by a hash of the text, so indexes of different sizes share most of their sample (and its cache).
  const chosen = realChunks
    .map((c) => ({ ...c, order: key(c.input) }))
    .sort((a, b) => (a.order < b.order ? -1 : 1))
    .slice(0, options.sample);
  mkdirSync(options.cacheDir, { recursive: true });
  const { vectors, rate } = await embedSample({
    inputs: chosen.map((c) => c.input),
    embedder: options.embedder,
    cacheFile: join(options.cacheDir, `vectors-${options.embedder.model}.json`),
    log: options.log,
  });
  const known = new Map(chosen.map((c, i) => [c.id, vectors[i] as Float32Array]));
  const calibrated = calibrateVectorModel(vectors, random);
  options.log(`  vector model: ${describeCalibration(calibrated)}`);

  let batch: VectorRecord[] = [];
  for (const { id, doc } of options.documents) {
    for (const c of doc.chunks) {
      const vid = chunkVectorId(id, c.ord);
      batch.push({
        id: vid,
        values: known.get(vid) ?? calibrated.model.next(random),
        metadata: { documentId: id },
      });
      if (batch.length >= WRITE_BATCH) {
        await options.write(batch);
        batch = [];
      }
    }
  }
  if (batch.length > 0) await options.write(batch);
  return {
    report: {
      embedded: chosen.length,
      embedRate: rate,
      distancePerDoubling: 2 ** -calibrated.curve.slope,
      checkSize: calibrated.checkSize,
      real: calibrated.real,
      generated: calibrated.generated,
    },
  };
}
