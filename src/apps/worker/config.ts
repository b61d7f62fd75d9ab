import { type AppConfig, readSettings } from "../../core/config";
import type { WorkerEnv } from "./env";

/**
 * The settings from the Worker's variables. Without `OPENDISCOURSE_EMBEDDER` the embedder is Workers AI when the
 * AI and VECTORS bindings exist, else none (the embedded default, USE-lite, cannot run on Workers).
 * Throws one `AppError` listing every problem.
 */
export function workerConfig(env: WorkerEnv): AppConfig {
  return readSettings(env as unknown as Record<string, unknown>, {
    fallbacks: { embedder: env.AI && env.VECTORS ? "workers-ai" : "none" },
  });
}
