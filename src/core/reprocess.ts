import type { Deps } from "./deps";
import { nowIso } from "./deps";
import { AppError } from "./errors";
import { everyStep, type JobService, type LibraryStep, MAX_SEND_BATCH, stepLimit } from "./jobs";

/** Documents a step at most: two statements each in one batch, and their process jobs in one queue batch. */
export const MAX_REPROCESS_PAGE = MAX_SEND_BATCH;

export interface ReprocessSelection {
  /** Only documents a parser read (`crec-html`), or `none`: those read as plain text, Markdown, HTML, XML or PDF. */
  parser?: string;
}

export interface ReprocessPage extends ReprocessSelection {
  /** Where the previous step stopped (its `next`); the first step starts at the beginning. */
  after?: string;
  /** Documents to queue in this step (default and at most `MAX_REPROCESS_PAGE`). */
  limit?: number;
}

/**
 * Reads documents again from their stored originals with this version's parsers, so that files an earlier version
 * read as plain text, or read less well, get the structure and metadata this one finds (an upload of the same bytes
 * is a duplicate and changes nothing). Queues a process job per top-level document that is not being processed
 * (parts are rebuilt with their container); each keeps its old reading, searchable, until its new one replaces it in
 * one batch, and is embedded again afterwards.
 *
 * `page` queues one bounded step, in document id order, and says where the next one starts (`next`, null at the
 * end), so that no HTTP request outlives a Worker's limits; `all` takes every step in turn. Steps are idempotent: a
 * step taken twice queues its documents again, each still once.
 */
export function createReprocess(deps: Deps, jobs: () => JobService) {
  const { db } = deps;

  async function checkParser(parser: string | undefined): Promise<void> {
    if (parser === undefined || parser === "none") return;
    const { results } = await db
      .prepare("SELECT DISTINCT parser FROM documents WHERE parser IS NOT NULL ORDER BY parser")
      .all<{ parser: string }>();
    const used = results.map((r) => r.parser);
    if (!used.includes(parser)) {
      throw new AppError("bad_request", `no document was read by ${parser}; read by: ${[...used, "none"].join(", ")}`);
    }
  }

  async function queuePage(selection: ReprocessPage): Promise<LibraryStep> {
    const { parser } = selection;
    const limit = stepLimit(selection.limit, MAX_REPROCESS_PAGE);
    const byParser = parser === undefined ? "" : parser === "none" ? "AND parser IS NULL" : "AND parser = ?";
    const { results } = await db
      .prepare(
        `SELECT id FROM documents WHERE id > ? AND parent_id IS NULL AND state IN ('indexed', 'ready', 'failed')
         ${byParser} ORDER BY id LIMIT ?`,
      )
      .bind(selection.after ?? "", ...(parser && parser !== "none" ? [parser] : []), limit)
      .all<{ id: string }>();
    if (results.length > 0) {
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
    }
    return { documents: results.length, next: results.length === limit ? (results.at(-1)?.id ?? null) : null };
  }

  return {
    async page(selection: ReprocessPage = {}): Promise<LibraryStep> {
      await checkParser(selection.parser);
      return queuePage(selection);
    },

    async all(selection: ReprocessSelection = {}): Promise<LibraryStep> {
      await checkParser(selection.parser);
      return everyStep((after) => queuePage({ ...selection, after }));
    },
  };
}
