import type { GovMetadata } from "../formats/gov";
import { decodeCursor, encodeCursor } from "./cursor";
import type { Deps } from "./deps";
import { type DocumentFilters, filterSql } from "./document-filters";
import type { DocumentDetails, DocumentRecord, DocumentState, Section } from "./domain";
import { AppError } from "./errors";
import { billRefreshStatements } from "./legislation-rows";
import type { SqlDatabase, SqlStatement, SqlValue } from "./ports";
import { withStoredIds } from "./stored-mentions";

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
  parent_id: string | null;
  parser: string | null;
  document_type: string | null;
  bill_id: string | null;
  congress: number | null;
  bill_type: string | null;
  version_code: string | null;
  document_date: string | null;
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
    parentId: row.parent_id,
    parser: row.parser,
    documentType: row.document_type,
    billId: row.bill_id,
    congress: row.congress,
    billType: row.bill_type,
    version: row.version_code,
    date: row.document_date,
  };
}

export interface ListDocumentsQuery extends DocumentFilters {
  limit?: number;
  cursor?: string;
  state?: DocumentState;
  format?: string;
  billId?: string;
  parentId?: string;
}

/** The list's own filters, each one column compared for equality; the rest are the shared document filters. */
const LIST_FILTERS = {
  state: "state",
  format: "format",
  billId: "bill_id",
  parentId: "parent_id",
} as const satisfies Partial<Record<keyof ListDocumentsQuery, string>>;

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

    /** The record with everything its parser found: people, citations, titles, actions, sections… */
    async details(id: string): Promise<DocumentDetails> {
      const doc = toDocument(await getRow(id));
      const [meta, text, parts] = await Promise.all([
        db.prepare("SELECT metadata FROM document_metadata WHERE document_id = ?").bind(id).first<string>("metadata"),
        db.prepare("SELECT sections FROM document_texts WHERE document_id = ?").bind(id).first<string>("sections"),
        db
          .prepare("SELECT id FROM documents WHERE parent_id = ? ORDER BY created_at, id")
          .bind(id)
          .all<{ id: string }>(),
      ]);
      const metadata = meta ? (JSON.parse(meta) as GovMetadata) : null;
      return {
        ...doc,
        billNumber: metadata?.billNumber ?? null,
        versionName: metadata?.version?.name ?? null,
        dateKind: metadata?.dateKind ?? null,
        chamber: metadata?.chamber ?? null,
        titles: metadata?.titles ?? [],
        people: await withStoredIds(db, id, metadata?.people ?? []),
        committees: metadata?.committees ?? [],
        actions: metadata?.actions ?? [],
        subjects: metadata?.subjects ?? [],
        policyArea: metadata?.policyArea ?? null,
        summaries: metadata?.summaries ?? [],
        citations: metadata?.citations ?? [],
        relatedBills: metadata?.relatedBills ?? [],
        vote: metadata?.vote ?? null,
        agency: metadata?.agency ?? null,
        documentNumber: metadata?.documentNumber ?? null,
        sections: text ? (JSON.parse(text) as Section[]) : [],
        parts: parts.results.map((p) => p.id),
      };
    },

    /**
     * Newest first, keyset-paginated on (created_at, id): a page boundary never shifts while documents are added.
     */
    async list(query: ListDocumentsQuery = {}): Promise<DocumentPage> {
      const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
      const where: string[] = [];
      const params: SqlValue[] = [];
      if (query.cursor) {
        const [createdAt = "", id = ""] = decodeCursor(query.cursor, 2);
        where.push("(d.created_at < ? OR (d.created_at = ? AND d.id < ?))");
        params.push(createdAt, createdAt, id);
      }
      for (const [key, column] of Object.entries(LIST_FILTERS)) {
        const value = query[key as keyof typeof LIST_FILTERS];
        if (value === undefined) continue;
        where.push(`d.${column} = ?`);
        params.push(value);
      }
      const shared = filterSql(query);
      where.push(...shared.where);
      params.push(...shared.params);
      const sql = `SELECT d.* FROM documents d ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
        ORDER BY d.created_at DESC, d.id DESC LIMIT ?`;
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
        .prepare(
          `SELECT c.document_id, c.ord FROM chunks c JOIN documents d ON d.id = c.document_id
           WHERE d.id = ? OR d.parent_id = ?`,
        )
        .bind(id, id)
        .all<{ document_id: string; ord: number }>();
      // Cascades to text, chunks, keyword index, metadata, legislation rows, jobs, and the parts of a container;
      // the bill's row is recomputed from the documents it has left, or deleted with its last.
      await db.batch([
        db.prepare("DELETE FROM documents WHERE id = ?").bind(id),
        ...billRefreshStatements(deps, { target: "deleted", documentId: id, billId: doc.bill_id }),
      ]);
      await deleteVectors(
        deps,
        chunks.map((c) => chunkVectorId(c.document_id, c.ord)),
      );
      // A part shares its container's original.
      if (!doc.parent_id) await deps.blobs.delete(doc.blob_key);
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

/**
 * SQL true for a citation row (`alias`) that is a page its own document is printed on rather than one it cites: the
 * Federal Register and Record parsers state those as empty ranges where the page begins, or without a place in the
 * text when they cannot tell (and documents processed before they could).
 */
export function ownPageSql(alias: string): string {
  return `((${alias}.start_offset IS NULL OR ${alias}.start_offset = ${alias}.end_offset)
    AND (${alias}.target LIKE 'fr/%' OR ${alias}.target LIKE 'crec/%'))`;
}

/** The Record pages a document is printed on, from its citations (see `ownPageSql`): `crec/151/s8583`. */
export function ownRecordPages(citations: { target: string; start?: number; end?: number }[]): string[] {
  return citations.filter((c) => c.start === c.end && c.target.startsWith("crec/")).map((c) => c.target);
}

/** Vector ids are derived from the chunk, so re-embedding overwrites rather than duplicates. */
export function chunkVectorId(documentId: string, ord: number): string {
  return `${documentId}:${ord}`;
}

/** The chunk a vector id (see `chunkVectorId`) names: its document, and its number in it. */
export function chunkOfVectorId(vectorId: string): { documentId: string; ord: number } {
  const at = vectorId.lastIndexOf(":");
  return { documentId: vectorId.slice(0, at), ord: Number(vectorId.slice(at + 1)) };
}

/**
 * Vectors about to be replaced or deleted no longer stand for what they embedded (see migrations/0016): nothing
 * takes their values for a passage from then on.
 */
export function forgetVectorsStatement(db: SqlDatabase, vectorIds: string[]): SqlStatement {
  return db
    .prepare("DELETE FROM embedded_vectors WHERE vector_id IN (SELECT value FROM json_each(?))")
    .bind(JSON.stringify(vectorIds));
}

/** Deletes vectors, 500 at a time, each page forgotten (see `forgetVectorsStatement`) before it is deleted. */
export async function deleteVectors(deps: Pick<Deps, "db" | "vectors">, vectorIds: string[]): Promise<void> {
  const { vectors } = deps;
  if (!vectors) return;
  for (let i = 0; i < vectorIds.length; i += 500) {
    const page = vectorIds.slice(i, i + 500);
    await forgetVectorsStatement(deps.db, page).run();
    await vectors.deleteByIds(page);
  }
}
