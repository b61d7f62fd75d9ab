import type { Deps } from "./deps";
import { type DocumentRow, ownPageSql, toDocument } from "./documents";
import type { DocumentRecord } from "./domain";
import { AppError } from "./errors";
import { byVersion } from "./version-order";

export interface RelatedVersion {
  document: DocumentRecord;
  version: string | null;
  versionName: string | null;
  date: string | null;
  /** Another rendering (USLM, DTD XML, HTML, PDF…) of the same version as the document. */
  sameVersion: boolean;
}

export interface CitedBill {
  billId: string;
  title: string | null;
  /** How many stored documents belong to the bill: 0 when it is only cited. */
  documents: number;
}

export interface RelatedDocuments {
  id: string;
  billId: string | null;
  /** The bill's other text documents: every version in every rendering, oldest first. */
  versions: RelatedVersion[];
  /** The bill's other documents: bill status, roll calls, statements. */
  billDocuments: DocumentRecord[];
  /**
   * Documents of other bills (or of none) citing the document's bill, and documents citing the pages it is printed on
   * (a Federal Register rule, a Record page), newest first.
   */
  citedBy: DocumentRecord[];
  /** Bills the document cites, other than its own. */
  cites: CitedBill[];
  /** True when a list was cut at the limit. */
  truncated: boolean;
}

/** Each list's length at most. */
export const RELATED_LIMIT = 50;
/** Renderings read to order a bill's versions before the list is cut to `RELATED_LIMIT`. */
const VERSION_ROWS = 1000;

/**
 * What a document page links to: the other versions and renderings of its bill, the bill's other documents, the
 * documents citing the bill or the document's printed pages, and the bills the document cites, each list capped at
 * `RELATED_LIMIT`.
 */
export function createDocumentRelated(deps: Pick<Deps, "db">) {
  const { db } = deps;
  const more = RELATED_LIMIT + 1;
  return async function related(id: string): Promise<RelatedDocuments> {
    const doc = await db
      .prepare("SELECT id, bill_id, version_code FROM documents WHERE id = ?")
      .bind(id)
      .first<{ id: string; bill_id: string | null; version_code: string | null }>();
    if (!doc) throw new AppError("not_found", `no document ${id}`);
    const billId = doc.bill_id;
    const [versions, others, citing, cites] = await Promise.all([
      db
        .prepare(
          `SELECT v.version_code AS v_code, v.version_name, v.date AS v_date, d.* FROM bill_versions v
           JOIN documents d ON d.id = v.document_id
           WHERE v.bill_id = ? AND v.document_id != ? ORDER BY d.created_at, d.id LIMIT ${VERSION_ROWS}`,
        )
        .bind(billId, id)
        .all<DocumentRow & { v_code: string | null; version_name: string | null; v_date: string | null }>(),
      db
        .prepare(
          `SELECT d.* FROM documents d WHERE d.bill_id = ? AND d.id != ?
             AND NOT EXISTS (SELECT 1 FROM bill_versions v WHERE v.document_id = d.id)
           ORDER BY d.document_date, d.created_at, d.id LIMIT ${more}`,
        )
        .bind(billId, id)
        .all<DocumentRow>(),
      // Its pages are the document's own citations (see `ownPageSql`); other documents cite them in their text.
      db
        .prepare(
          `SELECT d.* FROM documents d WHERE d.id != ? AND (
             (d.id IN (SELECT document_id FROM citations WHERE target = ?) AND d.bill_id IS NOT ?)
             OR d.id IN (SELECT c.document_id FROM citations c WHERE NOT ${ownPageSql("c")} AND c.target IN (
               SELECT o.target FROM citations o WHERE o.document_id = ? AND ${ownPageSql("o")})))
           ORDER BY d.document_date DESC, d.created_at DESC, d.id LIMIT ${more}`,
        )
        .bind(id, `bill/${billId}`, billId, id)
        .all<DocumentRow>(),
      db
        .prepare(
          `SELECT c.bill_id, b.title, (SELECT count(*) FROM documents x WHERE x.bill_id = c.bill_id) AS documents
           FROM (SELECT DISTINCT substr(target, 6) AS bill_id FROM citations WHERE document_id = ?
             AND target GLOB 'bill/[0-9]*-*-*') c
           LEFT JOIN bills b ON b.bill_id = c.bill_id
           WHERE c.bill_id IS NOT ? ORDER BY c.bill_id LIMIT ${more}`,
        )
        .bind(id, billId)
        .all<{ bill_id: string; title: string | null; documents: number }>(),
    ]);
    const lists = [versions, others, citing, cites].map((r) => r.results);
    return {
      id,
      billId,
      versions: byVersion(versions.results, (r) => ({ version: r.v_code, date: r.v_date }))
        .slice(0, RELATED_LIMIT)
        .map((r) => ({
          document: toDocument(r),
          version: r.v_code,
          versionName: r.version_name,
          date: r.v_date,
          sameVersion: r.v_code !== null && r.v_code === doc.version_code,
        })),
      billDocuments: others.results.slice(0, RELATED_LIMIT).map(toDocument),
      citedBy: citing.results.slice(0, RELATED_LIMIT).map(toDocument),
      cites: cites.results
        .slice(0, RELATED_LIMIT)
        .map((r) => ({ billId: r.bill_id, title: r.title, documents: r.documents })),
      truncated: lists.some((l) => l.length > RELATED_LIMIT),
    };
  };
}
