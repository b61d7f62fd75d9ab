import { type AppConfig, readSettings } from "../core/config";

/**
 * The Node process's settings: `OPENDISCOURSE_*` environment variables (plus `OPENDISCOURSE_DATA`, a short form of
 * the data folder), with flags on top. Throws one AppError listing every problem.
 */
export function loadConfig(env: NodeJS.ProcessEnv, flags: Partial<Record<keyof AppConfig, unknown>> = {}): AppConfig {
  return readSettings(env, { overrides: flags, fallbacks: { dataDir: env.OPENDISCOURSE_DATA } });
}
