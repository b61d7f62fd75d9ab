import { describe, expect, it } from "vitest";
import { BILL_XML } from "../../test/support/document-server";
import { applyMigrations } from "../adapters/node/migrations";
import { openSqliteDatabase } from "../adapters/node/sqlite-database";
import { configSchema } from "./config";
import type { JobMessage } from "./domain";
import { AppError } from "./errors";
import type { FetchedDocument, UrlFetcher, UrlFetchOptions } from "./ports";
import { createServices } from "./services";
import { createMemoryBlobStore } from "./testing/memory-blob-store";
import { createMemoryJobQueue } from "./testing/memory-job-queue";
import { createMemoryKeyValue } from "./testing/memory-key-value";

/**
 * A fetcher that hands out the given bytes (over and over when `endless`, as a large download would), recording the
 * limits it was asked for and whether its body was cancelled.
 */
function fixedFetcher(bytes: Uint8Array, headers: Partial<FetchedDocument> = {}, endless = false) {
  const seen: { limits?: UrlFetchOptions; cancelled: boolean } = { cancelled: false };
  const fetcher: UrlFetcher = {
    async fetch(_url, limits) {
      seen.limits = limits;
      return {
        body: new ReadableStream<Uint8Array>({
          pull(controller) {
            controller.enqueue(bytes);
            if (!endless) controller.close();
          },
          cancel() {
            seen.cancelled = true;
          },
        }),
        contentType: "application/xml",
        finalUrl: "https://www.govinfo.gov/content/pkg/BILLS-116s1900rs/xml/BILLS-116s1900rs.xml",
        fileName: "BILLS-116s1900rs.xml",
        ...headers,
      };
    },
  };
  return { fetcher, seen };
}

function setup(urlFetcher?: UrlFetcher) {
  const db = openSqliteDatabase({ path: ":memory:" });
  applyMigrations(db.raw);
  const blobs = createMemoryBlobStore();
  const services = createServices(configSchema.parse({ maxUploadBytes: 1_000_000, urlIngestTimeoutSeconds: 12 }), {
    db,
    blobs,
    kv: createMemoryKeyValue(),
    queue: createMemoryJobQueue<JobMessage>({ maxAttempts: 3 }),
    vectors: null,
    embedder: null,
    urlFetcher,
  });
  return { services, blobs };
}

describe("ingestUrl", () => {
  it("stores the fetched bytes as an upload would, keeping the source URL with the original", async () => {
    const { fetcher, seen } = fixedFetcher(BILL_XML);
    const { services, blobs } = setup(fetcher);
    const result = await services.ingestUrl({ url: "https://www.govinfo.gov/link", uploadedBy: "user:1" });
    expect(seen.limits).toEqual({ maxBytes: 1_000_000, timeoutMs: 12_000 });
    expect(result).toMatchObject({ duplicate: false, state: "queued", filename: "BILLS-116s1900rs.xml" });
    const doc = await services.documents.get(result.id);
    expect(doc).toMatchObject({ filename: "BILLS-116s1900rs.xml", format: "xml", uploadedBy: "user:1" });
    const original = await blobs.head(`originals/${result.id}`);
    expect(original?.customMetadata?.sourceUrl).toBe(result.finalUrl);

    const again = await services.ingest({ body: new Blob([BILL_XML]).stream(), filename: "x.xml", uploadedBy: "cli" });
    expect(again).toMatchObject({ id: result.id, duplicate: true });
  });

  it("closes the fetched body when ingestion refuses it", async () => {
    const png = new Uint8Array(1024);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const { fetcher, seen } = fixedFetcher(png, { contentType: "image/png", fileName: "seal.png" }, true);
    const { services } = setup(fetcher);
    await expect(services.ingestUrl({ url: "https://example.gov/seal.png", uploadedBy: "cli" })).rejects.toMatchObject({
      code: "unsupported_media_type",
    });
    expect(seen.cancelled).toBe(true);
    expect((await services.documents.countByState()).queued).toBe(0);
  });

  it("passes the fetcher's refusal through and stores nothing", async () => {
    const refusing: UrlFetcher = {
      async fetch() {
        throw new AppError("forbidden", "refused: 10.0.0.1 is a private address");
      },
    };
    const { services } = setup(refusing);
    await expect(services.ingestUrl({ url: "http://10.0.0.1/", uploadedBy: "cli" })).rejects.toThrow(
      "refused: 10.0.0.1 is a private address",
    );
  });

  it("is refused where no fetcher is configured", async () => {
    const { services } = setup();
    await expect(services.ingestUrl({ url: "https://example.gov/", uploadedBy: "cli" })).rejects.toMatchObject({
      code: "unavailable",
    });
  });
});
