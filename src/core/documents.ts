import { decodeCursor, encodeCursor } from "./cursor";
import type { Deps } from "./deps";
import type { DocumentRecord, DocumentState, Section } from "./domain";
import { AppError } from "./errors";

export interface DocumentRow {
  id: string;
  sha256: string;
  filename: string;
  media_type: string;
  format: string;
  size: number;
  blob_key: string;
  title: string | null;
  state: DocumentState;
  error: string | null;
  chunk_count: number;
  embedding_model: string | null;
  uploaded_by: string;
  created_at: string;
  updated_at: string;
}

export function toDocument(row: DocumentRow): DocumentRecord {
  return {
    id: row.id,
    filename: row.filename,
    mediaType: row.media_type,
    format: row.format,
    size: row.size,
    sha256: row.sha256,
    title: row.title,
    state: row.state,
    error: row.error,
    chunkCount: row.chunk_count,
    embeddingModel: row.embedding_model,
    uploadedBy: row.uploaded_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface ListDocumentsQuery {
  limit?: number;
  cursor?: string;
  state?: DocumentState;
  format?: string;
}

export interface DocumentPage {
  documents: DocumentRecord[];
  nextCursor: string | null;
}

export function createDocumentService(deps: Deps) {
  const { db } = deps;

  async function getRow(id: string): Promise<DocumentRow> {
    const row = await db.prepare("SELECT * FROM documents WHERE id = ?").bind(id).first<DocumentRow>();
    if (!row) throw new AppError("not_found", `no document ${id}`);
    return row;
  }

  return {
    getRow,
    async get(id: string): Promise<DocumentRecord> {
      return toDocument(await getRow(id));
    },

    /**
     * Newest first, keyset-paginated on (created_at, id): a page boundary never shifts while documents are added.
     */
    async list(query: ListDocumentsQuery = {}): Promise<DocumentPage> {
      const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (query.cursor) {
        const [createdAt = "", id = ""] = decodeCursor(query.cursor, 2);
        where.push("(created_at < ? OR (created_at = ? AND id < ?))");
        params.push(createdAt, createdAt, id);
      }
      if (query.state) {
        where.push("state = ?");
        params.push(query.state);
      }
      if (query.format) {
        where.push("format = ?");
        params.push(query.format);
      }
      const sql = `SELECT * FROM documents ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
        ORDER BY created_at DESC, id DESC LIMIT ?`;
      const { results } = await db
        .prepare(sql)
        .bind(...params, limit + 1)
        .all<DocumentRow>();
      const page = results.slice(0, limit);
      const last = page.at(-1);
      return {
        documents: page.map(toDocument),
        nextCursor: results.length > limit && last ? encodeCursor([last.created_at, last.id]) : null,
      };
    },

    async text(id: string): Promise<{ id: string; text: string; sections: Section[] }> {
      const doc = await getRow(id);
      const row = await db
        .prepare("SELECT text, sections FROM document_texts WHERE document_id = ?")
        .bind(id)
        .first<{ text: string; sections: string }>();
      if (!row) throw new AppError("conflict", `document ${id} has no text yet (state ${doc.state})`);
      return { id, text: row.text, sections: JSON.parse(row.sections) as Section[] };
    },

    /** The original bytes, streamed from the blob store. */
    async content(id: string) {
      const doc = await getRow(id);
      const blob = await deps.blobs.get(doc.blob_key);
      if (!blob) throw new AppError("not_found", `the original of document ${id} is missing`);
      return { document: toDocument(doc), body: blob.body, size: blob.size };
    },

    /**
     * Removes the document and everything derived from it. Rows go first (one atomic batch, cascading to text,
     * chunks, keyword index and jobs), so a failure later leaves at worst an orphan vector or blob, never a
     * document that points at nothing.
     */
    async delete(id: string): Promise<void> {
      const doc = await getRow(id);
      const { results: chunks } = await db
        .prepare("SELECT ord FROM chunks WHERE document_id = ?")
        .bind(id)
        .all<{ ord: number }>();
      await db.batch([db.prepare("DELETE FROM documents WHERE id = ?").bind(id)]);
      if (deps.vectors && chunks.length > 0) {
        const ids = chunks.map((c) => chunkVectorId(id, c.ord));
        for (let i = 0; i < ids.length; i += 500) await deps.vectors.deleteByIds(ids.slice(i, i + 500));
      }
      await deps.blobs.delete(doc.blob_key);
    },

    async countByState(): Promise<Record<DocumentState, number>> {
      const { results } = await db
        .prepare("SELECT state, COUNT(*) AS n FROM documents GROUP BY state")
        .all<{ state: DocumentState; n: number }>();
      const counts: Record<DocumentState, number> = { queued: 0, processing: 0, indexed: 0, ready: 0, failed: 0 };
      for (const r of results) counts[r.state] = r.n;
      return counts;
    },
  };
}

export type DocumentService = ReturnType<typeof createDocumentService>;

/** Vector ids are derived from the chunk, so re-embedding overwrites rather than duplicates. */
export function chunkVectorId(documentId: string, ord: number): string {
  return `${documentId}:${ord}`;
}
