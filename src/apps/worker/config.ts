import { type AppConfig, readSettings } from "../../core/config";
import type { WorkerEnv } from "./env";

/**
 * The settings from the Worker's variables. Without `OPENDISCOURSE_EMBEDDER` the embedder is Workers AI when the
 * AI and VECTORS bindings exist, else none (the embedded default, USE-lite, cannot run on Workers).
 *
 * A Worker has no socket to read: the client's address is Cloudflare's `CF-Connecting-IP`, which its edge sets and a
 * client cannot, so `trustProxy` falls back to `cf-connecting-ip`. `adminAllowlist` keeps the loopback default,
 * which no request reaching a Worker comes from: the admin API is closed until the deployer sets
 * `OPENDISCOURSE_ADMIN_ALLOWLIST` to the operators' ranges.
 * Throws one `AppError` listing every problem.
 */
export function workerConfig(env: WorkerEnv): AppConfig {
  return readSettings(env as unknown as Record<string, unknown>, {
    fallbacks: { embedder: env.AI && env.VECTORS ? "workers-ai" : "none", trustProxy: "cf-connecting-ip" },
  });
}
