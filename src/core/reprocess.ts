import type { Deps } from "./deps";
import { nowIso } from "./deps";
import { AppError } from "./errors";
import type { JobService } from "./jobs";

/** Documents a step: two statements each in one batch, and one queue message each. */
const PAGE = 100;

export interface ReprocessSelection {
  /** Only documents a parser read (`crec-html`), or `none`: those read as plain text, Markdown, HTML, XML or PDF. */
  parser?: string;
}

/**
 * Reads documents again from their stored originals with this version's parsers, so that files an earlier version
 * read as plain text, or read less well, get the structure and metadata this one finds (an upload of the same bytes
 * is a duplicate and changes nothing). Queues a process job per top-level document that is not being processed
 * (parts are rebuilt with their container); each keeps its old reading, searchable, until its new one replaces it in
 * one batch, and is embedded again afterwards.
 */
export function createReprocess(deps: Deps, jobs: () => JobService) {
  return async function reprocess(selection: ReprocessSelection = {}): Promise<{ documents: number }> {
    const { db } = deps;
    const { parser } = selection;
    const byParser = parser === undefined ? "" : parser === "none" ? "AND parser IS NULL" : "AND parser = ?";
    if (parser !== undefined && parser !== "none") {
      const { results } = await db
        .prepare("SELECT DISTINCT parser FROM documents WHERE parser IS NOT NULL ORDER BY parser")
        .all<{ parser: string }>();
      const used = results.map((r) => r.parser);
      if (!used.includes(parser)) {
        throw new AppError(
          "bad_request",
          `no document was read by ${parser}; read by: ${[...used, "none"].join(", ")}`,
        );
      }
    }
    let documents = 0;
    let after = "";
    for (;;) {
      const { results } = await db
        .prepare(
          `SELECT id FROM documents WHERE id > ? AND parent_id IS NULL AND state IN ('indexed', 'ready', 'failed')
           ${byParser} ORDER BY id LIMIT ?`,
        )
        .bind(after, ...(parser && parser !== "none" ? [parser] : []), PAGE)
        .all<{ id: string }>();
      if (results.length === 0) break;
      const now = nowIso(deps);
      const jobIds = results.map((d) => `${d.id}:process`);
      await db.batch(
        results.flatMap((doc, i) => [
          db
            .prepare("UPDATE documents SET state = 'queued', error = NULL, updated_at = ? WHERE id = ?")
            .bind(now, doc.id),
          jobs().insertStatement({ id: jobIds[i] as string, type: "process", documentId: doc.id }),
        ]),
      );
      await jobs().dispatch(jobIds);
      documents += results.length;
      after = results.at(-1)?.id ?? after;
    }
    return { documents };
  };
}
