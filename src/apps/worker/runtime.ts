import { createKvRateLimiter } from "../../adapters/cloudflare/kv-rate-limiter";
import { createR2BlobStore } from "../../adapters/cloudflare/r2-blob-store";
import { createWorkerUrlFetcher } from "../../adapters/cloudflare/worker-url-fetcher";
import { createWorkersAiEmbedder, type WorkersAiEmbeddingModel } from "../../adapters/cloudflare/workers-ai-embedder";
import { openAiEmbedderFromConfig } from "../../adapters/common/openai-embedder";
import type { AppConfig } from "../../core/config";
import { AppError } from "../../core/errors";
import type { Logger } from "../../core/observability";
import type { Embedder, RateLimiter } from "../../core/ports";
import { createEncryptedBlobStore, keyringFromSetting } from "../../core/security/encryption";
import { createServices, type Services } from "../../core/services";
import { type App, createApp } from "../../http/app";
import { authFailuresPerMinute } from "../../http/middleware/auth-failures";
import { workerConfig } from "./config";
import { createConsoleLogger } from "./console-logger";
import type { WorkerEnv } from "./env";
import { workerCommitteeResolver, workerPeopleResolver } from "./legislators";

export interface WorkerRuntime {
  services: Services;
  app: App;
  logger: Logger;
}

// One runtime per isolate and env: the bindings are the adapters, so building it is cheap and holds no I/O.
const runtimes = new WeakMap<WorkerEnv, WorkerRuntime>();

/** The runtime for these bindings, built on first use in the isolate. Throws `AppError` on invalid settings. */
export function workerRuntime(env: WorkerEnv): WorkerRuntime {
  let runtime = runtimes.get(env);
  if (!runtime) {
    runtime = createWorkerRuntime(env);
    runtimes.set(env, runtime);
  }
  return runtime;
}

/**
 * Composes the services over the bindings: D1, R2 (through the stream glue), KV, Queues, Vectorize, Workers AI, and
 * the legislators data bundled with the Worker (or the file `OPENDISCOURSE_LEGISLATORS_FILE` names in R2).
 */
export function createWorkerRuntime(env: WorkerEnv): WorkerRuntime {
  const config = workerConfig(env);
  const logger = createConsoleLogger(config.logLevel);
  const embedder = createEmbedder(config, env);
  if (embedder && !env.VECTORS) {
    throw new AppError("bad_request", `invalid configuration: embedder ${config.embedder} needs the VECTORS binding`);
  }
  const keyring = keyringFromSetting(config.masterKey);
  const services = createServices(config, {
    db: env.DB,
    // Without OPENDISCOURSE_MASTER_KEY, storing a document is refused (503); objects stored earlier still read.
    blobs: createEncryptedBlobStore({ inner: createR2BlobStore({ bucket: env.DOCUMENTS }), db: env.DB, keyring }),
    keyring,
    kv: env.CACHE,
    queue: env.JOBS,
    vectors: embedder ? (env.VECTORS ?? null) : null,
    embedder,
    logger,
    rateLimiter: rateLimiter(config, env),
    // Failures are rare in normal use, so KV's write rate is enough to count them; the binding's limit is the
    // request limit, not this lower one.
    authFailureLimiter:
      config.rateLimitPerMinute > 0
        ? createKvRateLimiter({ kv: env.CACHE, limit: authFailuresPerMinute(config.rateLimitPerMinute) })
        : undefined,
    people: workerPeopleResolver({ bucket: env.DOCUMENTS, key: config.legislatorsFile }),
    committees: workerCommitteeResolver,
    urlFetcher: createWorkerUrlFetcher({ allowPrivate: config.urlIngestAllowPrivate }),
  });
  return { services, app: createApp(services, { logger }), logger };
}

/** The binding when configured (its own limit applies), else KV counters at the configured limit; none when 0. */
function rateLimiter(config: AppConfig, env: WorkerEnv): RateLimiter | undefined {
  if (config.rateLimitPerMinute <= 0) return undefined;
  return env.RATE_LIMITER ?? createKvRateLimiter({ kv: env.CACHE, limit: config.rateLimitPerMinute });
}

function createEmbedder(config: AppConfig, env: WorkerEnv): Embedder | null {
  switch (config.embedder) {
    case "none":
      return null;
    case "workers-ai":
      if (!env.AI) throw new AppError("bad_request", "invalid configuration: embedder workers-ai needs the AI binding");
      return createWorkersAiEmbedder({
        ai: env.AI,
        model: config.embedderModel as WorkersAiEmbeddingModel | undefined,
        dimensions: config.embedderDimensions,
      });
    case "openai":
      return openAiEmbedderFromConfig(config);
    case "use-lite":
      throw new AppError("bad_request", "invalid configuration: embedder use-lite runs only on Node");
  }
}
