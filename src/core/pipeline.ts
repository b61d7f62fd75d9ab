import type { Deps } from "./deps";
import { nowIso } from "./deps";
import { chunkVectorId, type DocumentRow, deleteVectors, forgetVectorsStatement, ownRecordPages } from "./documents";
import type { DocumentFormat, JobRecord, JobType } from "./domain";
import { AppError } from "./errors";
import type { JobHandler, JobService } from "./jobs";
import { embeddingInput, type PreparedText, readForStorage } from "./read-for-storage";
import { relatedMentions } from "./related-mentions";
import { searchIndexStatements } from "./search/index-statements";
import { childDocumentId, childDocumentStatement, type StoredParse, storeParsed } from "./store-parsed";

const EMBED_BATCH = 64;

export interface EmbeddingIdentity {
  model: string;
  dimensions: number;
}

/**
 * The two stages of processing. `process` parses and chunks a document and indexes it for keywords (state
 * `indexed`: searchable at once); `embed` then embeds its chunks (state `ready`). Both are idempotent: each
 * replaces what an earlier run wrote, in one atomic batch.
 */
export function createPipeline(deps: Deps, jobs: () => JobService): Record<JobType, JobHandler> {
  const { db } = deps;

  async function loadDocument(job: JobRecord): Promise<DocumentRow | null> {
    if (!job.documentId) throw new AppError("internal", `job ${job.id} has no document`);
    return db.prepare("SELECT * FROM documents WHERE id = ?").bind(job.documentId).first<DocumentRow>();
  }

  const process: JobHandler = async (job) => {
    const doc = await loadDocument(job);
    if (!doc) return;
    const now = nowIso(deps);
    await db
      .prepare("UPDATE documents SET state = 'processing', error = NULL, updated_at = ? WHERE id = ?")
      .bind(now, doc.id)
      .run();
    const blob = await deps.blobs.get(doc.blob_key);
    if (!blob) throw new AppError("unprocessable", "the original file is missing from the blob store");
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const read = deps.documentReader ?? readForStorage;
    const { parsed, gov, prepared, parts } = await read(bytes, doc.format as DocumentFormat, {
      chunkMaxChars: deps.config.chunkMaxChars,
    });
    const before = await vectorIdsOf(doc.id);
    const people = deps.people ? await deps.people() : null;
    const committees = deps.committees ? await deps.committees() : null;

    // Each part of a container (a rule of a Federal Register issue) is written in a transaction of its own, replaced in
    // place under a stable id, and the container last, with what is left of its former parts and the job's end: a
    // large issue never holds the database (or, in process, the event loop) for long, and a run cut short leaves whole
    // parts, old or new, for the next run to finish.
    const children = gov?.children ?? [];
    const stored: StoredParse[] = [];
    const pause = pauser();
    for (const [i, child] of children.entries()) {
      await pause();
      const documentId = childDocumentId(doc.id, i + 1);
      const part = storeParsed(deps, jobs, {
        documentId,
        parsed: child,
        gov: child,
        prepared: parts[i] as PreparedText,
        people,
        committees,
      });
      await db.batch([
        childDocumentStatement(deps, doc, i + 1, child),
        ...part.statements,
        ...searchIndexStatements(db, documentId),
      ]);
      stored.push(part);
    }
    await pause();
    const meta = gov?.metadata;
    const recordPages = ownRecordPages(prepared.citations);
    const related = await relatedMentions(deps, doc.id, {
      billId: meta?.billId,
      recordDate: meta?.documentType === "congressional-record" ? meta.date : null,
      recordPages,
      recordChamber: meta?.chamber,
      recordIssue: recordPages.length === 0 && !!meta?.people.some((p) => p.role === "speaker" && p.chamber),
    });
    const main = storeParsed(deps, jobs, {
      documentId: doc.id,
      parsed,
      gov,
      prepared,
      people,
      committees,
      relatedMentions: related,
    });
    stored.push(main);
    const partIds = children.map((_, i) => childDocumentId(doc.id, i + 1));
    await db.batch([
      db
        .prepare("DELETE FROM documents WHERE parent_id = ? AND id NOT IN (SELECT value FROM json_each(?))")
        .bind(doc.id, JSON.stringify(partIds)),
      ...main.statements,
      // Title and citation tokens for keyword search, once the chunks, title and citations are written.
      ...searchIndexStatements(db, doc.id),
      db
        .prepare("UPDATE jobs SET state = 'done', error = NULL, updated_at = ? WHERE id = ?")
        .bind(nowIso(deps), job.id),
    ]);

    // Vectors of chunks that no longer exist (a re-run that produced fewer chunks or parts).
    const after = new Set(stored.flatMap((s) => s.vectorIds));
    const stale = before.filter((id) => !after.has(id));
    await deleteVectors(deps, stale);
    const embedJobs = stored.flatMap((s) => (s.embedJobId ? [s.embedJobId] : []));
    await jobs().dispatch(embedJobs);
  };

  /** Vector ids of the document's chunks and of its parts' chunks. */
  async function vectorIdsOf(documentId: string): Promise<string[]> {
    const { results } = await db
      .prepare(
        `SELECT c.document_id, c.ord FROM chunks c JOIN documents d ON d.id = c.document_id
         WHERE d.id = ? OR d.parent_id = ?`,
      )
      .bind(documentId, documentId)
      .all<{ document_id: string; ord: number }>();
    return results.map((r) => chunkVectorId(r.document_id, r.ord));
  }

  const embed: JobHandler = async (job) => {
    const { embedder, vectors } = deps;
    if (!embedder || !vectors) throw new AppError("unprocessable", "no embedder is configured");
    const doc = await loadDocument(job);
    if (!doc) return;
    await ensureEmbeddingIdentity(deps, { model: embedder.model, dimensions: embedder.dimensions });
    const { results: chunks } = await db
      .prepare("SELECT ord, heading, text, embed_key AS embedKey FROM chunks WHERE document_id = ? ORDER BY ord")
      .bind(doc.id)
      .all<{ ord: number; heading: string; text: string; embedKey: string | null }>();
    for (let i = 0; i < chunks.length; i += EMBED_BATCH) {
      const batch = chunks.slice(i, i + EMBED_BATCH);
      // What reads as a stored vector does takes its values; the rest is embedded once per input.
      const keyOf = (c: (typeof batch)[number]) => c.embedKey ?? `#${c.ord}`;
      const known = await storedVectors(embedder.model, batch);
      const fresh = [...new Map(batch.filter((c) => !known.has(keyOf(c))).map((c) => [keyOf(c), c])).values()];
      if (fresh.length < batch.length) deps.metrics.reused(batch.length - fresh.length);
      if (fresh.length > 0) {
        const started = Date.now();
        const values = await embedder.embed(fresh.map((c) => embeddingInput(c.heading, c.text)));
        deps.metrics.embedded(fresh.length, (Date.now() - started) / 1000);
        for (const [k, c] of fresh.entries()) known.set(keyOf(c), values[k] as Float32Array);
      }
      // The batch's former vectors stop standing for what they embedded before they are replaced.
      const ids = batch.map((c) => chunkVectorId(doc.id, c.ord));
      await forgetVectorsStatement(db, ids).run();
      await vectors.upsert(
        batch.map((c, k) => ({
          id: ids[k] as string,
          values: known.get(keyOf(c)) as Float32Array | number[],
          metadata: { documentId: doc.id },
        })),
      );
      const embedded = batch.flatMap((c, k) =>
        c.embedKey ? [[ids[k], c.embedKey, vectorFingerprint(known.get(keyOf(c)) as ArrayLike<number>)]] : [],
      );
      await db
        .prepare(
          `INSERT OR REPLACE INTO embedded_vectors (vector_id, embed_key, model, fingerprint)
           SELECT value ->> 0, value ->> 1, ?, value ->> 2 FROM json_each(?)`,
        )
        .bind(embedder.model, JSON.stringify(embedded))
        .run();
    }
    const now = nowIso(deps);
    await db.batch([
      db
        .prepare("UPDATE documents SET state = 'ready', embedding_model = ?, updated_at = ? WHERE id = ?")
        .bind(embedder.model, now, doc.id),
      db.prepare("UPDATE jobs SET state = 'done', error = NULL, updated_at = ? WHERE id = ?").bind(now, job.id),
    ]);
  };

  /**
   * Stored vectors, by embedding key, that embed what these chunks read (see `embed_key`) with this model: the
   * chunk's own former vector when a document is read again, or any other document's. A vector the index no longer
   * has (or, on Vectorize, does not show yet) is left out: that chunk is embedded.
   */
  async function storedVectors(
    model: string,
    chunks: { embedKey: string | null }[],
  ): Promise<Map<string, Float32Array | number[]>> {
    const keys = [...new Set(chunks.flatMap((c) => (c.embedKey ? [c.embedKey] : [])))];
    if (keys.length === 0 || !deps.vectors) return new Map();
    const { results } = await db
      .prepare(
        `SELECT e.embed_key AS key, e.vector_id AS vectorId, e.fingerprint FROM json_each(?) j
         JOIN embedded_vectors e ON e.vector_id = (SELECT vector_id FROM embedded_vectors
           WHERE embed_key = j.value AND model = ? LIMIT 1)`,
      )
      .bind(JSON.stringify(keys), model)
      .all<{ key: string; vectorId: string; fingerprint: string | null }>();
    const rows = new Map(results.map((r) => [r.vectorId, r]));
    if (rows.size === 0) return new Map();
    const found = await deps.vectors.getByIds([...rows.keys()]);
    return new Map(
      found.flatMap((v) => {
        const row = rows.get(v.id);
        // Rows written before fingerprints (migration 0016) are taken as they are.
        const same = row && (row.fingerprint === null || row.fingerprint === vectorFingerprint(v.values));
        return row && same ? [[row.key, v.values as number[]]] : [];
      }),
    );
  }

  return { process, embed };
}

/** Slices of work at most this long run between chances for the event loop to serve others (see `pauser`). */
const SLICE_MS = 10;

/**
 * A function to await between steps of a long task: it hands the event loop over (a zero timer) once `SLICE_MS` have
 * passed since it last did, and is free otherwise.
 */
function pauser(): () => Promise<void> {
  let since = Date.now();
  return async () => {
    if (Date.now() - since < SLICE_MS) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    since = Date.now();
  };
}

/** FNV-1a over a vector's values as 32-bit floats: the same for the values written and the values read back. */
export function vectorFingerprint(values: ArrayLike<number>): string {
  const bytes = new Uint8Array(Float32Array.from(values).buffer);
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/**
 * Records which model the vector index holds, the first time, and refuses another model afterwards: vectors of two
 * models are not comparable. `reembed` is the way to change it.
 */
export async function ensureEmbeddingIdentity(deps: Pick<Deps, "db">, identity: EmbeddingIdentity): Promise<void> {
  const value = JSON.stringify(identity);
  await deps.db
    .prepare("INSERT INTO index_meta (key, value) VALUES ('embedding', ?) ON CONFLICT (key) DO NOTHING")
    .bind(value)
    .run();
  const stored = await readEmbeddingIdentity(deps);
  if (stored && (stored.model !== identity.model || stored.dimensions !== identity.dimensions)) {
    throw new AppError(
      "conflict",
      `the vector index holds ${stored.model} (${stored.dimensions} dimensions), not ${identity.model} (${identity.dimensions}); run \`opendiscourse reembed\` (or POST /v1/reembed)`,
    );
  }
}

export async function readEmbeddingIdentity(deps: Pick<Deps, "db">): Promise<EmbeddingIdentity | null> {
  const raw = await deps.db.prepare("SELECT value FROM index_meta WHERE key = 'embedding'").first<string>("value");
  return raw ? (JSON.parse(raw) as EmbeddingIdentity) : null;
}
