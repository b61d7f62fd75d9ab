import { type AppConfig, configSchema, parseConfig } from "../core/config";
import { AppError } from "../core/errors";

/** `dataDir` ⇄ `OPENDISCOURSE_DATA_DIR`: every setting can come from the environment. */
export function envName(key: string): string {
  return `OPENDISCOURSE_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

export const CONFIG_KEYS = Object.keys(configSchema.shape) as (keyof AppConfig)[];

/**
 * Reads settings from the environment (`OPENDISCOURSE_*`, plus `OPENDISCOURSE_DATA` as a short form of the data
 * folder), then flags on top. Throws one AppError listing every problem.
 */
export function loadConfig(env: NodeJS.ProcessEnv, flags: Partial<Record<keyof AppConfig, unknown>> = {}): AppConfig {
  const input: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) input[key] = env[envName(key)];
  input.dataDir ??= env.OPENDISCOURSE_DATA;
  for (const [key, value] of Object.entries(flags)) if (value !== undefined) input[key] = value;
  const result = parseConfig(input);
  if (!result.ok) {
    throw new AppError("bad_request", `invalid configuration: ${result.problems.join("; ")}`, {
      problems: result.problems,
    });
  }
  return result.config;
}
