import type { Deps } from "./deps";
import { AppError } from "./errors";
import { cleanFilename, type IngestInput, type IngestResult } from "./ingest";

export interface IngestUrlInput {
  url: string;
  /** Who asked for it: a user or key id, or `cli`. */
  uploadedBy: string;
}

export interface IngestUrlResult extends IngestResult {
  /** The name it was stored under (from the response or the URL). */
  filename: string;
  /** Where the document came from, after redirects. */
  finalUrl: string;
}

// The source URL is kept in the original's metadata, which holds 2 KB in all; a longer URL is not kept.
const MAX_SOURCE_URL_LENGTH = 512;

/**
 * Fetches a document from the web and ingests it as an upload of the same bytes would be (same format detection,
 * same size limit, same deduplication). The fetcher enforces where it may go; this only sets the limits from
 * config and makes sure an unread body is closed when ingestion fails.
 */
export function createIngestUrl(deps: Deps, ingest: (input: IngestInput) => Promise<IngestResult>) {
  return async function ingestUrl(input: IngestUrlInput): Promise<IngestUrlResult> {
    const fetcher = deps.urlFetcher;
    if (!fetcher) throw new AppError("unavailable", "fetching documents by URL is not available in this deployment");
    const fetched = await fetcher.fetch(input.url, {
      maxBytes: deps.config.maxUploadBytes,
      timeoutMs: deps.config.urlIngestTimeoutSeconds * 1000,
    });
    try {
      const result = await ingest({
        body: fetched.body,
        filename: fetched.fileName,
        declaredType: fetched.contentType ?? undefined,
        uploadedBy: input.uploadedBy,
        sourceUrl: fetched.finalUrl.length <= MAX_SOURCE_URL_LENGTH ? fetched.finalUrl : undefined,
      });
      deps.logger.info({ url: fetched.finalUrl, id: result.id, duplicate: result.duplicate }, "document fetched");
      return { ...result, filename: cleanFilename(fetched.fileName), finalUrl: fetched.finalUrl };
    } catch (error) {
      await fetched.body.cancel().catch(() => {});
      throw error;
    }
  };
}
