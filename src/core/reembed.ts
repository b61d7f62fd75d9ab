import type { Deps } from "./deps";
import { nowIso } from "./deps";
import { chunkVectorId, deleteVectors } from "./documents";
import { AppError } from "./errors";
import { everyStep, type JobService, type LibraryStep, MAX_SEND_BATCH, stepLimit } from "./jobs";
import { readEmbeddingIdentity } from "./pipeline";

/** Documents a step at most: their embed jobs go in one queue batch. */
export const MAX_REEMBED_PAGE = MAX_SEND_BATCH;

export interface ReembedStep extends LibraryStep {
  previousModel: string | null;
  model: string;
}

/**
 * Re-embeds every document with the configured embedder: records the new model as the index's identity, removes the
 * old vectors, and queues an embed job per document. Documents stay searchable by keyword throughout.
 *
 * `page` takes one bounded step, in document id order (each step records the identity again, a no-op after the
 * first), so that no HTTP request outlives a Worker's limits; `all` takes every step in turn.
 */
export function createReembed(deps: Deps, jobs: () => JobService) {
  const { db } = deps;

  async function step(after: string, limit: number): Promise<ReembedStep> {
    const { embedder, vectors } = deps;
    if (!embedder || !vectors) throw new AppError("bad_request", "no embedder is configured");
    const previous = await readEmbeddingIdentity(deps);
    // The new identity goes first: an embed job of the old model still running elsewhere now fails instead of
    // writing vectors that would be mixed with the new ones.
    await db
      .prepare("INSERT OR REPLACE INTO index_meta (key, value) VALUES ('embedding', ?)")
      .bind(JSON.stringify({ model: embedder.model, dimensions: embedder.dimensions }))
      .run();
    const { results } = await db
      .prepare(
        `SELECT id, chunk_count FROM documents WHERE id > ? AND state IN ('indexed', 'ready', 'failed')
         AND chunk_count > 0 ORDER BY id LIMIT ?`,
      )
      .bind(after, limit)
      .all<{ id: string; chunk_count: number }>();
    await deleteVectors(
      deps,
      results.flatMap((doc) => Array.from({ length: doc.chunk_count }, (_, ord) => chunkVectorId(doc.id, ord))),
    );
    if (results.length > 0) {
      const now = nowIso(deps);
      const jobIds = results.map((d) => `${d.id}:embed`);
      await db.batch(
        results.flatMap((doc, i) => [
          db
            .prepare("UPDATE documents SET state = 'indexed', embedding_model = NULL, updated_at = ? WHERE id = ?")
            .bind(now, doc.id),
          jobs().insertStatement({ id: jobIds[i] as string, type: "embed", documentId: doc.id }),
        ]),
      );
      await jobs().dispatch(jobIds);
    }
    return {
      documents: results.length,
      next: results.length === limit ? (results.at(-1)?.id ?? null) : null,
      previousModel: previous?.model ?? null,
      model: embedder.model,
    };
  }

  return {
    page: (options: { after?: string; limit?: number } = {}): Promise<ReembedStep> =>
      step(options.after ?? "", stepLimit(options.limit, MAX_REEMBED_PAGE)),
    all: (): Promise<ReembedStep> => everyStep((after) => step(after, MAX_REEMBED_PAGE)),
  };
}
