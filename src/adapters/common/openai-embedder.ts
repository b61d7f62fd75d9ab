import { AppError } from "../../core/errors";
import type { Embedder } from "../../core/ports/embedder";

export interface OpenAiEmbedderOptions {
  /** Server root, such as `http://127.0.0.1:11434` (Ollama); a trailing `/v1` is accepted too. */
  baseUrl: string;
  model: string;
  /** Sent as a bearer token; never appears in errors. */
  apiKey?: string;
  /** Expected vector length; when absent it is learned from the first response. */
  dimensions?: number;
  /** Texts per request (default 64). */
  batchSize?: number;
  /** Milliseconds one request may take, retries excluded (default 30 s). */
  timeoutMs?: number;
  /** Attempts after the first for 429, 5xx and network failures (default 3), and the first backoff (default 500 ms). */
  retries?: number;
  retryDelayMs?: number;
  fetch?: typeof fetch;
}

/** An OpenAI-compatible embedder; `warmup()` learns `dimensions` before any real work. */
export interface OpenAiEmbedder extends Embedder {
  /** Embeds one short text so that `dimensions` is known (and the server proven reachable); throws `unavailable`. */
  warmup(): Promise<void>;
}

const MAX_WAIT_MS = 60_000;
/** Worth another try: timeouts, rate limits and server errors other than "not implemented". */
const retryable = (status: number): boolean => [408, 425, 429].includes(status) || (status >= 500 && status !== 501);

/**
 * Embeds through `POST {baseUrl}/v1/embeddings`, as served by OpenAI, Ollama, TEI and vLLM. Input is sent in
 * batches, one request at a time; vectors come back in input order and of unit length. `dimensions` is 0 until it
 * is configured or learned, so call `warmup()` before recording it with an index. 429 and 5xx answers are retried
 * with exponential backoff, honouring `Retry-After`; every failure becomes `AppError("unavailable")`.
 */
export function createOpenAiEmbedder(options: OpenAiEmbedderOptions): OpenAiEmbedder {
  const root = options.baseUrl.replace(/\/+$/, "");
  const endpoint = `${root.endsWith("/v1") ? root : `${root}/v1`}/embeddings`;
  const host = safeHost(endpoint);
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 64));
  const timeoutMs = options.timeoutMs ?? 30_000;
  const retries = Math.max(0, options.retries ?? 3);
  const retryDelayMs = options.retryDelayMs ?? 500;
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  let dimensions = options.dimensions ?? 0;

  const unavailable = (message: string, details?: Record<string, unknown>): AppError =>
    new AppError("unavailable", `embedding service ${host}: ${redact(message, options.apiKey)}`, details);

  const post = async (texts: string[]): Promise<Response> => {
    const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
    if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
    // The OpenAI API refuses empty strings; a space embeds the same "nothing said".
    const body = JSON.stringify({ model: options.model, input: texts.map((t) => (t.length === 0 ? " " : t)) });
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await doFetch(endpoint, { method: "POST", headers, body, signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        if (isTimeout(error)) throw unavailable(`no answer within ${timeoutMs} ms`);
        if (attempt >= retries) throw unavailable(`unreachable (${reasonOf(error)})`);
        await sleep(backoff(retryDelayMs, attempt));
        continue;
      }
      if (response.ok) return response;
      const detail = await errorDetail(response);
      if (!retryable(response.status) || attempt >= retries) {
        const reason =
          response.status === 401 || response.status === 403
            ? "refused the credentials"
            : `answered ${response.status}`;
        throw unavailable(`${reason}${detail ? `: ${detail}` : ""}`, { status: response.status });
      }
      await sleep(retryAfter(response.headers.get("retry-after")) ?? backoff(retryDelayMs, attempt));
    }
  };

  const embedBatch = async (texts: string[]): Promise<Float32Array[]> => {
    const response = await post(texts);
    let payload: unknown;
    try {
      payload = await response.json();
    } catch (error) {
      if (isTimeout(error)) throw unavailable(`no answer within ${timeoutMs} ms`);
      throw unavailable(`returned a body that is not JSON (${reasonOf(error)})`);
    }
    const rows = parseRows(payload, texts.length);
    if (typeof rows === "string") throw unavailable(`returned a malformed response: ${rows}`);
    const width = rows[0]?.length ?? 0;
    if (dimensions === 0) dimensions = width;
    if (width !== dimensions) {
      throw unavailable(`model ${options.model} returned ${width} dimensions, expected ${dimensions}`);
    }
    return rows.map(toUnitVector);
  };

  return {
    model: options.model,
    get dimensions() {
      return dimensions;
    },
    async embed(texts: string[]): Promise<Float32Array[]> {
      const vectors: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        vectors.push(...(await embedBatch(texts.slice(i, i + batchSize))));
      }
      return vectors;
    },
    async warmup(): Promise<void> {
      await embedBatch(["warm up"]);
    },
  };
}

/** The embeddings of `{data: [{embedding, index}]}` in input order, or what is wrong with the payload. */
function parseRows(payload: unknown, count: number): number[][] | string {
  const data = (payload as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return "no data array";
  if (data.length !== count) return `${data.length} embeddings for ${count} inputs`;
  const rows: number[][] = new Array(count);
  let width = 0;
  for (const [position, item] of data.entries()) {
    const { embedding, index = position } = (item ?? {}) as { embedding?: unknown; index?: unknown };
    if (!Number.isInteger(index) || (index as number) < 0 || (index as number) >= count || rows[index as number]) {
      return `bad index ${JSON.stringify(index)}`;
    }
    if (!Array.isArray(embedding) || embedding.length === 0) return `no embedding at index ${index}`;
    if (!embedding.every((x) => typeof x === "number" && Number.isFinite(x)))
      return `non-numeric embedding at ${index}`;
    if (width !== 0 && embedding.length !== width) return "embeddings of unequal lengths";
    width = embedding.length;
    rows[index as number] = embedding as number[];
  }
  return rows;
}

function toUnitVector(values: number[]): Float32Array {
  const vector = Float32Array.from(values);
  let sum = 0;
  for (const x of vector) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] ?? 0) / norm;
  return vector;
}

/** A short reason from an error body (`{"error": {"message"}}`, `{"error": "..."}` or text). */
async function errorDetail(response: Response): Promise<string> {
  const text = (await response.text().catch(() => "")).trim();
  let detail = text;
  try {
    const parsed = JSON.parse(text) as { error?: unknown; message?: unknown };
    const error = parsed.error as { message?: unknown } | string | undefined;
    const message = typeof error === "string" ? error : (error?.message ?? parsed.message);
    if (typeof message === "string") detail = message;
  } catch {
    // Not JSON: the text itself is the reason.
  }
  return detail.length > 200 ? `${detail.slice(0, 200)}…` : detail;
}

/** Milliseconds from `Retry-After` (seconds or an HTTP date), capped; null when absent or unreadable. */
function retryAfter(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isNaN(ms) ? null : Math.min(Math.max(ms, 0), MAX_WAIT_MS);
}

function backoff(baseMs: number, attempt: number): number {
  return Math.min(baseMs * 2 ** attempt * (0.75 + Math.random() * 0.5), MAX_WAIT_MS);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isTimeout(error: unknown): boolean {
  return error instanceof DOMException && error.name === "TimeoutError";
}

function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === "string") return cause.code;
  return error instanceof Error ? error.message : String(error);
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    throw new AppError("bad_request", "the embedding service URL is not a valid URL");
  }
}

function redact(message: string, secret: string | undefined): string {
  return secret ? message.split(secret).join("[redacted]") : message;
}

/** The OpenAI-compatible embedder the settings describe; both runtimes build it this way. */
export function openAiEmbedderFromConfig(config: {
  embedderUrl?: string;
  embedderModel?: string;
  embedderApiKey?: string;
  embedderDimensions?: number;
}): OpenAiEmbedder {
  if (!config.embedderUrl) throw new AppError("bad_request", "invalid configuration: embedderUrl is required");
  return createOpenAiEmbedder({
    baseUrl: config.embedderUrl,
    model: config.embedderModel ?? DEFAULT_OPENAI_MODEL,
    apiKey: config.embedderApiKey,
    dimensions: config.embedderDimensions,
  });
}

/** The model name sent when none is configured: Ollama's common embedding model. */
export const DEFAULT_OPENAI_MODEL = "nomic-embed-text";
