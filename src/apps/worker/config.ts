import { type AppConfig, configSchema, parseConfig } from "../../core/config";
import { AppError } from "../../core/errors";
import type { WorkerEnv } from "./env";

/** `maxUploadBytes` ⇄ `OPENDISCOURSE_MAX_UPLOAD_BYTES`, the names the Node process reads from its environment. */
function varName(key: string): `OPENDISCOURSE_${string}` {
  return `OPENDISCOURSE_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/**
 * The settings from the Worker's variables. Without `OPENDISCOURSE_EMBEDDER` the embedder is Workers AI when the
 * AI and VECTORS bindings exist, else none (the embedded default, USE-lite, cannot run on Workers).
 * Throws one `AppError` listing every problem.
 */
export function workerConfig(env: WorkerEnv): AppConfig {
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(configSchema.shape)) input[key] = env[varName(key)];
  input.embedder ??= env.AI && env.VECTORS ? "workers-ai" : "none";
  const result = parseConfig(input);
  if (!result.ok) {
    throw new AppError("bad_request", `invalid configuration: ${result.problems.join("; ")}`, {
      problems: result.problems,
    });
  }
  return result.config;
}
