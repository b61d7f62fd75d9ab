import type { Deps } from "./deps";
import { nowIso } from "./deps";
import { chunkVectorId, deleteVectors } from "./documents";
import { AppError } from "./errors";
import type { JobService } from "./jobs";
import { readEmbeddingIdentity } from "./pipeline";

const PAGE = 500;

/**
 * Re-embeds every document with the configured embedder: removes the old vectors, records the new model as the
 * index's identity, and queues an embed job per document. Documents stay searchable by keyword throughout.
 */
export function createReembed(deps: Deps, jobs: () => JobService) {
  return async function reembed(): Promise<{ documents: number; previousModel: string | null; model: string }> {
    const { db, embedder, vectors } = deps;
    if (!embedder || !vectors) throw new AppError("bad_request", "no embedder is configured");
    const previous = await readEmbeddingIdentity(deps);
    // The new identity goes first: an embed job of the old model still running elsewhere now fails instead of
    // writing vectors that would be mixed with the new ones.
    await db
      .prepare("INSERT OR REPLACE INTO index_meta (key, value) VALUES ('embedding', ?)")
      .bind(JSON.stringify({ model: embedder.model, dimensions: embedder.dimensions }))
      .run();
    let documents = 0;
    let after = "";
    for (;;) {
      const { results } = await db
        .prepare(
          `SELECT id, chunk_count FROM documents WHERE id > ? AND state IN ('indexed', 'ready', 'failed')
           AND chunk_count > 0 ORDER BY id LIMIT ?`,
        )
        .bind(after, PAGE)
        .all<{ id: string; chunk_count: number }>();
      if (results.length === 0) break;
      for (const doc of results) {
        const ids = Array.from({ length: doc.chunk_count }, (_, ord) => chunkVectorId(doc.id, ord));
        await deleteVectors(deps, ids);
      }
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
      documents += results.length;
      after = results.at(-1)?.id ?? after;
    }
    return { documents, previousModel: previous?.model ?? null, model: embedder.model };
  };
}
