import { z } from "zod";
import { AppError } from "./errors";

/**
 * Every setting, with a default that works on a laptop. The Node process builds the input from flags and
 * `OPENDISCOURSE_*` environment variables; the Worker from its `env` vars. Listed in the README's configuration table.
 */
export const configSchema = z.object({
  dataDir: z.string().min(1).default("./data"),
  host: z.string().min(1).default("127.0.0.1"),
  port: z.coerce.number().int().min(0).max(65535).default(8787),
  logLevel: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  maxUploadBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(100 * 1024 * 1024),
  embedder: z.enum(["use-lite", "openai", "workers-ai", "none"]).default("use-lite"),
  embedderUrl: z.url().optional(),
  embedderModel: z.string().min(1).optional(),
  embedderApiKey: z.string().min(1).optional(),
  embedderDimensions: z.coerce.number().int().positive().optional(),
  embedThreads: z.coerce.number().int().min(1).max(64).optional(),
  /** Threads answering read-only statements on their own connections; 0 keeps every read on the main one. */
  readThreads: z.coerce.number().int().min(0).max(64).optional(),
  hnswThreshold: z.coerce.number().int().min(0).default(10_000),
  jobMaxAttempts: z.coerce.number().int().min(1).max(100).default(5),
  /** First retry delay of a failed job; each further retry waits twice as long, up to 5 minutes. */
  jobRetryDelaySeconds: z.coerce.number().min(0).max(300).default(2),
  jobVisibilityTimeoutSeconds: z.coerce.number().int().min(1).default(60),
  jobConcurrency: z.coerce.number().int().min(1).max(64).default(4),
  /**
   * A congress-legislators file (YAML or JSON) to resolve people against: a path on Node (default: the one committed
   * with the product), an object key in the documents bucket on Workers (default: the bundled one).
   */
  legislatorsFile: z.string().min(1).optional(),
  chunkMaxChars: z.coerce.number().int().min(200).max(20_000).default(1000),
  shutdownTimeoutSeconds: z.coerce.number().int().min(1).default(30),
});

export type AppConfig = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

export type ConfigResult = { ok: true; config: AppConfig } | { ok: false; problems: string[] };

/** Parses settings, collecting every problem (not just the first) so a user can fix them all at once. */
export function parseConfig(input: Record<string, unknown>): ConfigResult {
  const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== ""));
  const result = configSchema.safeParse(defined);
  if (result.success) {
    const config = result.data;
    if (config.embedder === "openai" && !config.embedderUrl) {
      return { ok: false, problems: ["embedderUrl: required when embedder is openai"] };
    }
    return { ok: true, config };
  }
  return {
    ok: false,
    problems: result.error.issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`),
  };
}

/** `maxUploadBytes` ⇄ `OPENDISCOURSE_MAX_UPLOAD_BYTES`: the variable each setting is read from, on both runtimes. */
export function settingVariable(key: string): `OPENDISCOURSE_${string}` {
  return `OPENDISCOURSE_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/**
 * Settings from `OPENDISCOURSE_*` variables (the Node environment or the Worker's vars). `overrides` (flags) win
 * over variables; `fallbacks` (a runtime's own defaults) apply where neither says anything. Throws one AppError
 * listing every problem.
 */
export function readSettings(
  variables: Record<string, unknown>,
  options: {
    overrides?: Partial<Record<keyof AppConfig, unknown>>;
    fallbacks?: Partial<Record<keyof AppConfig, unknown>>;
  } = {},
): AppConfig {
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(configSchema.shape) as (keyof AppConfig)[]) {
    input[key] = options.overrides?.[key] ?? variables[settingVariable(key)] ?? options.fallbacks?.[key];
  }
  const result = parseConfig(input);
  if (!result.ok) {
    throw new AppError("bad_request", `invalid configuration: ${result.problems.join("; ")}`, {
      problems: result.problems,
    });
  }
  return result.config;
}
