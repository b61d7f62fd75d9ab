import { DETECT_HEAD_BYTES, detectFormat } from "../formats";
import type { Deps } from "./deps";
import { nowIso } from "./deps";
import type { DocumentState } from "./domain";
import { AppError } from "./errors";
import type { JobService } from "./jobs";
import { inspectUpload } from "./upload-stream";

export interface IngestInput {
  body: ReadableStream<Uint8Array>;
  /** As the user named it; only its last path segment is kept, and it never becomes part of a storage key. */
  filename: string;
  declaredType?: string;
  /** Who uploaded it: a user or key id, or `cli`. */
  uploadedBy: string;
  /** The address it was fetched from, kept with the original. */
  sourceUrl?: string;
}

export interface IngestResult {
  id: string;
  /** True when the same bytes were already stored: `id` is the existing document's. */
  duplicate: boolean;
  state: DocumentState;
}

/** Strips any path, control characters and NUL from a user-supplied file name. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base.replace(CONTROL_CHARACTERS, "").trim().slice(0, 255);
  return cleaned === "" || cleaned === "." || cleaned === ".." ? "unnamed" : cleaned;
}

/**
 * Stores an upload and queues it for processing. The format is detected from the first bytes before anything is
 * stored; the bytes stream into the blob store while being hashed, so the same content uploaded twice, by any route,
 * becomes one document.
 */
export function createIngest(deps: Deps, jobs: () => JobService) {
  const { db, blobs } = deps;

  return async function ingest(input: IngestInput): Promise<IngestResult> {
    const filename = cleanFilename(input.filename);
    const upload = await inspectUpload(input.body, {
      headBytes: DETECT_HEAD_BYTES,
      maxBytes: deps.config.maxUploadBytes,
    });
    const detected = detectFormat({ head: upload.head, filename, declaredType: input.declaredType });
    if (!detected) {
      await upload.body.cancel().catch(() => {});
      throw new AppError("unsupported_media_type", `${filename}: unsupported file type`);
    }
    const id = crypto.randomUUID();
    const blobKey = `originals/${id}`;
    try {
      await blobs.put(blobKey, upload.body, {
        httpMetadata: { contentType: detected.mediaType },
        customMetadata: { filename, documentId: id, ...(input.sourceUrl ? { sourceUrl: input.sourceUrl } : {}) },
      });
    } catch (error) {
      await blobs.delete(blobKey).catch(() => {});
      throw error;
    }
    const { size, sha256 } = upload.summary();
    const now = nowIso(deps);
    const jobId = crypto.randomUUID();
    const [inserted] = await db.batch<{ id: string }>([
      db
        .prepare(
          `INSERT INTO documents (id, sha256, filename, media_type, format, size, blob_key, state, uploaded_by,
             created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)
           ON CONFLICT (sha256) DO NOTHING RETURNING id`,
        )
        .bind(id, sha256, filename, detected.mediaType, detected.format, size, blobKey, input.uploadedBy, now, now),
      db
        .prepare(
          `INSERT INTO jobs (id, type, document_id, state, attempts, created_at, updated_at)
           SELECT ?, 'process', ?, 'queued', 0, ?, ? WHERE EXISTS (SELECT 1 FROM documents WHERE id = ?)`,
        )
        .bind(jobId, id, now, now, id),
    ]);
    if (!inserted || inserted.results.length === 0) {
      await blobs.delete(blobKey);
      const existing = await db
        .prepare("SELECT id, state FROM documents WHERE sha256 = ?")
        .bind(sha256)
        .first<{ id: string; state: DocumentState }>();
      if (!existing) throw new AppError("conflict", "the document was deleted while it was being uploaded again");
      return { id: existing.id, duplicate: true, state: existing.state };
    }
    // Stored and recorded: a failed send is not the user's problem, the sweep sends it later.
    await jobs()
      .dispatch([jobId])
      .catch((error: unknown) => deps.logger.warn({ jobId, err: String(error) }, "job not sent yet; the sweep will"));
    return { id, duplicate: false, state: "queued" };
  };
}
