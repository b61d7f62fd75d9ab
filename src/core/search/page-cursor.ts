import { decodeCursor, encodeCursor } from "../cursor";
import { AppError } from "../errors";

/**
 * Keyset cursors for search pages: the (sort key, documentId) of the last result shown and the time of the first
 * page, so later pages rank only documents that existed then (bm25 scores move as documents are added: without the
 * snapshot, a result could repeat or be skipped), plus a fingerprint of the query, so a cursor from another query,
 * or an altered one, is a 400 rather than a wrong page.
 */
export interface SearchPosition {
  /** The last result's sort key: its score, or its date when the page is ordered by date. */
  score: number;
  documentId: string;
  /** ISO time of the first page: documents created later are left out of the following pages. */
  asOf: string;
}

const VERSION = "s2";
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** FNV-1a, enough to tell queries apart; the cursor guards consistency, not secrets. */
export function queryFingerprint(value: unknown): string {
  let hash = 0x811c9dc5;
  for (const ch of JSON.stringify(value)) {
    hash ^= ch.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

export function encodeSearchCursor(fingerprint: string, position: SearchPosition): string {
  return encodeCursor([VERSION, fingerprint, position.score, position.documentId, position.asOf]);
}

/** Throws `bad_request` for anything that is not a cursor this query produced. */
export function decodeSearchCursor(cursor: string, fingerprint: string): SearchPosition {
  const [version, print, score, documentId, asOf] = decodeCursor(cursor, 5);
  const value = Number(score);
  if (version !== VERSION || print !== fingerprint || !Number.isFinite(value) || !documentId || !ISO.test(asOf ?? "")) {
    throw new AppError("bad_request", "invalid cursor: it belongs to another query, or was altered");
  }
  return { score: value, documentId, asOf: asOf as string };
}

/**
 * The results after the position: those after the last one shown when it is still ranked (its score may have moved
 * a little with the index statistics), else those ranked below its sort key (`key` desc, documentId asc): the score,
 * or the date when ordered by date.
 */
export function resultsAfter<T extends { score: number; documentId: string }>(
  hits: T[],
  position: SearchPosition,
  key: (hit: T) => number = (hit) => hit.score,
): T[] {
  const at = hits.findIndex((h) => h.documentId === position.documentId);
  if (at >= 0) return hits.slice(at + 1);
  return hits.filter(
    (h) => key(h) < position.score || (key(h) === position.score && h.documentId > position.documentId),
  );
}
