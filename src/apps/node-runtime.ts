import { existsSync, mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { basename, dirname, join } from "node:path";
import { openAiEmbedderFromConfig } from "../adapters/common/openai-embedder";
import { createDocumentReaderThread } from "../adapters/node/document-reader-thread";
import { openEncryptedFsBlobs } from "../adapters/node/encrypted-fs-blobs";
import { createKeywordRankingPool } from "../adapters/node/keyword-ranking-pool";
import { DEFAULT_LEGISLATORS_PATH, loadCommitteesFile, loadLegislatorsFile } from "../adapters/node/legislators-file";
import { applyMigrations } from "../adapters/node/migrations";
import { nativeScrypt } from "../adapters/node/native-scrypt";
import { createPrometheusMetrics } from "../adapters/node/prometheus-metrics";
import { createSafeUrlFetcher } from "../adapters/node/safe-url-fetcher";
import { openSqliteDatabase } from "../adapters/node/sqlite-database";
import { createSqliteJobQueue, type JobQueueConsumer } from "../adapters/node/sqlite-job-queue";
import { createSqliteKeyValue } from "../adapters/node/sqlite-key-value";
import { createSqliteRateLimiter } from "../adapters/node/sqlite-rate-limiter";
import { createUseLiteEmbedder } from "../adapters/node/use-lite-embedder";
import { createNodeVectorIndex, dropNodeVectorIndex, type NodeVectorIndexOptions } from "../adapters/node/vector-index";
import type { AppConfig } from "../core/config";
import type { JobMessage } from "../core/domain";
import { AppError } from "../core/errors";
import type { Logger } from "../core/observability";
import { createCommitteeResolver, createPeopleResolver } from "../core/people";
import type { Embedder } from "../core/ports";
import { createServices, type Services } from "../core/services";
import { authFailuresPerMinute } from "../http/middleware/auth-failures";

export interface NodeRuntime {
  services: Services;
  metrics: ReturnType<typeof createPrometheusMetrics>;
  queue: ReturnType<typeof createSqliteJobQueue<JobMessage>>;
  /**
   * Starts consuming jobs (and sweeping unsent ones, and the search index's upkeep); `stop()` on the result drains
   * them.
   */
  startWorkers(): { stop(): Promise<void> };
  /**
   * Starts the keyword ranking threads and the embedding model (the bundled one: about a second a thread) and loads
   * the vector graph (about half a second at 100k vectors), each on threads of their own; resolves once the model and
   * the graph can answer.
   */
  warmSearch(): Promise<void>;
  /** Serves swagger-ui's files for the API reference page. */
  docsAsset(file: string): Promise<Response | null>;
  close(): Promise<void>;
}

const SWEEP_INTERVAL_MS = 60_000;
const DOCS_TYPES: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
};

function createEmbedder(config: AppConfig): (Embedder & { warmup(): Promise<void> }) | null {
  switch (config.embedder) {
    case "none":
      return null;
    case "openai":
      return openAiEmbedderFromConfig(config);
    case "use-lite":
      return createUseLiteEmbedder({ threads: config.embedThreads });
    case "workers-ai":
      throw new AppError("bad_request", "embedder workers-ai runs only on Cloudflare; use use-lite or openai here");
  }
}

function openVectorIndex(
  db: ReturnType<typeof openSqliteDatabase>,
  config: AppConfig,
  identity: { dimensions: number; model: string },
  thread: NodeVectorIndexOptions["thread"],
) {
  try {
    return createNodeVectorIndex({
      db,
      dataDir: config.dataDir,
      ...identity,
      hnswThreshold: config.hnswThreshold,
      thread,
    });
  } catch (error) {
    if (error instanceof AppError && error.code === "conflict") {
      throw new AppError(
        "conflict",
        `${error.message}; run \`opendiscourse reembed\` to re-embed every document with ${identity.model}`,
      );
    }
    throw error;
  }
}

/**
 * Read threads by default: one per core from 3 cores, so concurrent searches do not queue behind one synchronous
 * connection on the event loop. On 2 cores there is no idle core for them to use, and the hops cost more than they
 * give: at 100k chunks, never-seen keyword searches over HTTP ran at 219/s (1 client) and 254/s (16) on the main
 * connection against 113/s and 192/s through two threads (`npm run bench:search`, load generator on the same cores).
 */
function defaultReadThreads(): number {
  const cores = availableParallelism();
  return cores > 2 ? cores : 0;
}

/**
 * Keyword ranking threads by default: one per core up to 8. Even on 2 cores they pay: the event loop answers requests
 * while a thread ranks (see keyword-ranking-pool.ts). On 1 core there is nothing to gain.
 */
function defaultSearchThreads(): number {
  const cores = availableParallelism();
  return cores > 1 ? Math.min(cores, 8) : 0;
}

/**
 * The data folder's database, migrated; the folder is made if it is not there yet (so `keys create` may come before
 * the first `serve`).
 */
export function openDataDatabase(config: AppConfig, options: { readThreads?: number } = {}) {
  mkdirSync(config.dataDir, { recursive: true });
  const path = join(config.dataDir, "opendiscourse.db");
  const db = openSqliteDatabase({ path, ...options });
  const applied = applyMigrations(db.raw);
  return { db, path, applied };
}

/**
 * Builds the embedded runtime over one data folder: SQLite (WAL) for records, keyword index, key-value and queue;
 * files for originals; sqlite-vec/usearch for vectors. Several processes may open the same folder at once.
 */
export async function openNodeRuntime(
  config: AppConfig,
  logger: Logger,
  options: { resetVectorIndex?: boolean } = {},
): Promise<NodeRuntime> {
  const {
    db,
    path: dbPath,
    applied,
  } = openDataDatabase(config, { readThreads: config.readThreads ?? defaultReadThreads() });
  if (applied.length > 0) logger.info({ migrations: applied }, "database migrated");
  const searchThreads = config.searchThreads ?? defaultSearchThreads();
  const keywordRanker =
    searchThreads > 0 ? createKeywordRankingPool({ path: dbPath, threads: searchThreads }) : undefined;
  const documentReader =
    searchThreads > 0
      ? createDocumentReaderThread({
          onFallback: (reason) =>
            logger.warn({ err: reason }, "document reader thread unavailable; documents are parsed in process"),
        })
      : undefined;

  const embedder = createEmbedder(config);
  let dimensions = embedder?.dimensions ?? 0;
  if (embedder && !(dimensions > 0)) {
    // A remote model whose size was not configured: ask it once.
    const [probe] = await embedder.embed(["dimensions"]);
    dimensions = probe?.length ?? 0;
  }
  // Re-embedding with another model starts from an empty index of the new size.
  if (options.resetVectorIndex) dropNodeVectorIndex({ db, dataDir: config.dataDir });
  // Counted each time, logged once per reason: a thread that cannot start fails alike for every query.
  const vectorFallbacks = new Set<string>();
  const onVectorFallback = (reason: string) => {
    metrics.searchFellBack("vector_thread");
    if (vectorFallbacks.has(reason)) return;
    vectorFallbacks.add(reason);
    logger.warn({ err: reason }, "vector thread unavailable; vector queries run in process");
  };
  const vectors = embedder
    ? openVectorIndex(
        db,
        config,
        { dimensions, model: embedder.model },
        searchThreads > 0 ? { path: dbPath, onFallback: onVectorFallback } : undefined,
      )
    : null;
  const queue = createSqliteJobQueue<JobMessage>({
    db,
    queue: "jobs",
    maxAttempts: config.jobMaxAttempts,
    visibilityTimeoutSeconds: config.jobVisibilityTimeoutSeconds,
  });
  let services: Services | undefined;
  const metrics = createPrometheusMetrics({
    documentsByState: async () => (services ? services.documents.countByState() : {}),
    queueDepth: async () => ({ ...(await queue.stats()) }),
    searchIndex: async () =>
      services ? services.searchIndexState() : { segments: 0, pages: 0, pagesOutsideLargest: 0, chunksToFill: 0 },
    // A scrape while the server closes (the index refuses) shows no vector measures rather than failing.
    vectorIndex: async () => (vectors ? vectors.status().catch(() => null) : null),
  });
  const encrypted = await openEncryptedFsBlobs(config, { db, logger });
  // Request counts are kept in a database of their own in the data folder: every server process on the folder shares
  // them, and counting a request is a write that a transaction held on the main database by another process (a CLI
  // ingest) would otherwise make wait, with the whole server, until it commits.
  const limits =
    config.rateLimitPerMinute > 0 ? openSqliteDatabase({ path: join(config.dataDir, "rate-limits.db") }) : null;
  services = createServices(config, {
    db,
    blobs: encrypted.blobs,
    keyring: encrypted.keyring,
    kv: createSqliteKeyValue({ db }),
    queue,
    vectors,
    embedder,
    logger,
    metrics,
    probeQueue: () => queue.stats(),
    scrypt: nativeScrypt,
    rateLimiter: limits ? createSqliteRateLimiter({ db: limits, limit: config.rateLimitPerMinute }) : undefined,
    keywordRanker,
    documentReader: documentReader?.read,
    authFailureLimiter: limits
      ? createSqliteRateLimiter({ db: limits, limit: authFailuresPerMinute(config.rateLimitPerMinute) })
      : undefined,
    urlFetcher: createSafeUrlFetcher({ allowPrivate: config.urlIngestAllowPrivate }),
    people: once(async () => createPeopleResolver(await loadLegislatorsFile({ path: legislatorsPath(config) }))),
    committees: once(async () => createCommitteeResolver(await loadCommitteesFile())),
  });
  const ready = services;
  const swaggerDir = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

  return {
    services: ready,
    metrics,
    queue,
    startWorkers() {
      const consumer: JobQueueConsumer = queue.consume((batch) => ready.jobs.handleBatch(batch), {
        batchSize: config.jobConcurrency,
        concurrency: 2,
        deadLetterHandler: (batch) => ready.jobs.handleDeadLetters(batch),
        onError: (error) => logger.error({ err: error }, "job consumer error"),
      });
      let stopped = false;
      let upkeep: Promise<void> | null = null;
      // Step after step, letting requests in between, until nothing is left or the workers stop.
      const keepIndex = async () => {
        const steps = { fill: 0, merge: 0 };
        while (!stopped) {
          const step = await ready.upkeepSearchIndex();
          if (!step) break;
          steps[step]++;
          await new Promise((resolve) => setImmediate(resolve));
        }
        if (steps.fill + steps.merge > 0) logger.info({ steps }, "search index upkeep done");
      };
      const sweep = () => {
        ready.jobs.sweep().catch((error: unknown) => logger.error({ err: error }, "sweep failed"));
        upkeep ??= keepIndex()
          .catch((error: unknown) => logger.error({ err: error }, "search index upkeep failed"))
          .finally(() => {
            upkeep = null;
          });
      };
      sweep();
      const timer = setInterval(sweep, SWEEP_INTERVAL_MS);
      timer.unref();
      return {
        async stop() {
          stopped = true;
          clearInterval(timer);
          await upkeep;
          await consumer.stop();
        },
      };
    },
    async warmSearch() {
      keywordRanker?.warm();
      await Promise.all([embedder?.warmup(), vectors?.warm()]);
    },
    async docsAsset(file) {
      const type = DOCS_TYPES[file];
      if (!type) return null;
      const body = await readFile(join(swaggerDir, basename(file)));
      return new Response(body, { headers: { "content-type": type, "cache-control": "public, max-age=86400" } });
    },
    async close() {
      await keywordRanker?.close();
      await documentReader?.close();
      await embedder?.close?.();
      await vectors?.close();
      await limits?.close();
      await db.close();
    },
  };
}

/** The promise of the first call, shared by every later one: loads a file once, and only if it is needed. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load();
    return loaded;
  };
}

/** Where `opendiscourse legislators load` puts a file, in the data folder. */
export function dataLegislatorsPath(dataDir: string): string {
  return join(dataDir, "legislators.yaml");
}

/** The legislators file in use: the configured one, else one loaded into the data folder, else the committed one. */
export function legislatorsPath(config: AppConfig): string {
  if (config.legislatorsFile) return config.legislatorsFile;
  const loaded = dataLegislatorsPath(config.dataDir);
  return existsSync(loaded) ? loaded : DEFAULT_LEGISLATORS_PATH;
}
