import type { Deps } from "./deps";
import { AppError } from "./errors";
import type { StoredSection } from "./section-align";

export interface OutlineEntry {
  heading: string;
  /** 0 for the outermost headings, whatever level the format gives them (an HTML page may start at h2). */
  depth: number;
  /** The format's own level (HTML h1–h6 keep their number). */
  level: number;
  /** Heading path of bills (`Title I > Sec. 101 > (a)`), or null. */
  path: string | null;
  /** Offsets into the document's text (`GET /v1/documents/{id}/text`), UTF-16 code units, end exclusive. */
  start: number;
  end: number;
}

export interface DocumentOutline {
  id: string;
  title: string | null;
  sections: OutlineEntry[];
  /** True when sections were left out: deeper than `maxDepth`, or past the limit. */
  truncated: boolean;
}

/** The most entries an outline lists: a bill's subclauses can number in the tens of thousands. */
export const OUTLINE_LIMIT = 5000;

/**
 * A document's headings with their offsets and nesting depth, for a table of contents that scrolls to a passage,
 * without the text itself. Throws `not_found` for an unknown document, `conflict` while it has no text yet.
 */
export function createDocumentOutline(deps: Pick<Deps, "db">) {
  const { db } = deps;
  return async function outline(id: string, options: { maxDepth?: number } = {}): Promise<DocumentOutline> {
    const row = await db
      .prepare(
        `SELECT d.state, d.title, t.sections FROM documents d LEFT JOIN document_texts t ON t.document_id = d.id
         WHERE d.id = ?`,
      )
      .bind(id)
      .first<{ state: string; title: string | null; sections: string | null }>();
    if (!row) throw new AppError("not_found", `no document ${id}`);
    if (row.sections === null) throw new AppError("conflict", `document ${id} has no text yet (state ${row.state})`);
    const sections = JSON.parse(row.sections) as StoredSection[];
    const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
    const entries: OutlineEntry[] = [];
    let truncated = false;
    // Sections come in document order; the open ones containing the current one give its depth.
    const open: StoredSection[] = [];
    for (const s of [...sections].sort((a, b) => a.start - b.start || b.end - a.end || a.level - b.level)) {
      while (open.length > 0 && !contains(open.at(-1) as StoredSection, s)) open.pop();
      const depth = open.length;
      open.push(s);
      if (depth > maxDepth) {
        truncated = true;
        continue;
      }
      if (entries.length === OUTLINE_LIMIT) {
        truncated = true;
        break;
      }
      entries.push({ heading: s.heading, depth, level: s.level, path: s.path ?? null, start: s.start, end: s.end });
    }
    return { id, title: row.title, sections: entries, truncated };
  };
}

/** Sections nest by level within their span (see `Section`). */
function contains(outer: StoredSection, inner: StoredSection): boolean {
  return outer.level < inner.level && inner.start >= outer.start && inner.end <= outer.end;
}
