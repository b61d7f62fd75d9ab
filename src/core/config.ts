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
  /**
   * Threads answering read-only statements on their own connections; 0 keeps every read on the main one. Default:
   * one per core from 3 cores, none on 2.
   */
  readThreads: z.coerce.number().int().min(0).max(64).optional(),
  /**
   * Threads ranking keyword searches on their own connections (the whole ranking of a search at once), and from 1 on,
   * one more answering vector queries (it holds the HNSW graph); 0 does both on the main thread. Default: one per core
   * up to 8, none on 1 core.
   */
  searchThreads: z.coerce.number().int().min(0).max(64).optional(),
  /** Search pages kept in memory per process (a change to the index retires them); 0 ranks every search afresh. */
  searchCacheEntries: z.coerce.number().int().min(0).max(1_000_000).default(1000),
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
  /** Lets requests without credentials read and search (public deployments of public records); writes never. */
  anonymousRead: z
    .enum(["true", "false"])
    .or(z.boolean())
    .default(false)
    .transform((v) => v === true || v === "true"),
  /** CIDR ranges (comma-separated) from which admin routes answer; others get 403 even with an admin credential. */
  adminAllowlist: z.string().default("127.0.0.0/8,::1/128"),
  /**
   * Which header gives the client's address: `none` believes only the socket, `x-forwarded-for` the address the
   * nearest proxy appended, `cf-connecting-ip` Cloudflare's header.
   */
  trustProxy: z.enum(["none", "x-forwarded-for", "cf-connecting-ip"]).default("none"),
  /** Origins (comma-separated, exact) allowed to call the API from a browser; empty allows none. */
  corsOrigins: z.string().default(""),
  /** Requests per minute per identity (or per address without one); 0 turns rate limiting off. */
  rateLimitPerMinute: z.coerce.number().int().min(0).default(600),
  /** Absolute lifetime of a browser session. */
  sessionTtlSeconds: z.coerce
    .number()
    .int()
    .min(60)
    .default(8 * 3600),
  /** The address users reach the product at (for OpenID Connect redirects); defaults to the server's own. */
  publicUrl: z.url().optional(),
  /** OpenID Connect provider: issuer URL, client id and secret. Sign-in with it is offered when all three are set. */
  oidcIssuer: z.url().optional(),
  oidcClientId: z.string().min(1).optional(),
  oidcClientSecret: z.string().min(1).optional(),
  /** The claim holding groups or roles (`groups`), and how its values map to roles: `staff=editor,ops=admin`. */
  oidcRoleClaim: z.string().min(1).default("groups"),
  oidcRoleMap: z.string().default(""),
  /** The role of a provider's user whom no mapping names; `none` refuses them. */
  oidcDefaultRole: z.enum(["none", "viewer", "editor", "admin"]).default("none"),
  /** The master key (base64, 32 bytes) wrapping each stored document's data key; on Node, else `masterKeyFile`. */
  masterKey: z.string().min(1).optional(),
  /** Where the Node runtime keeps the master key; generated (mode 0600) at first start when missing. */
  masterKeyFile: z.string().min(1).optional(),
  /** Lets URL ingestion reach private, loopback and link-local addresses (off: only public addresses). */
  urlIngestAllowPrivate: z
    .enum(["true", "false"])
    .or(z.boolean())
    .default(false)
    .transform((v) => v === true || v === "true"),
  urlIngestTimeoutSeconds: z.coerce.number().int().min(1).max(600).default(30),
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
