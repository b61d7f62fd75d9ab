import type { z } from "@hono/zod-openapi";
import { AppError } from "../core/errors";
import { UrlIngestSchema } from "./schemas";

/** A URL request is a few hundred bytes; a larger body is refused before it is parsed. */
const MAX_JSON_BYTES = 16 * 1024;

/** True when a POST to the documents route asks for a URL to be fetched rather than carrying files. */
export function isJsonRequest(contentType: string): boolean {
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  return type === "application/json" || type.endsWith("+json");
}

/**
 * Reads and validates `{ "url": "https://…" }`, refusing a body over a few kilobytes as it streams, so a client
 * cannot make the server buffer a large JSON document.
 */
export async function readUrlIngestBody(request: Request): Promise<z.infer<typeof UrlIngestSchema>> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > MAX_JSON_BYTES) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  for (;;) {
    const next = reader ? await reader.read() : { done: true as const, value: undefined };
    if (next.done) break;
    size += next.value.byteLength;
    if (size > MAX_JSON_BYTES) {
      await reader?.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(next.value);
  }
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(concat(chunks, size)));
  } catch {
    throw new AppError("bad_request", "the request body is not valid JSON");
  }
  const parsed = UrlIngestSchema.safeParse(body);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
    throw new AppError("bad_request", detail);
  }
  return parsed.data;
}

function tooLarge(): AppError {
  return new AppError("payload_too_large", `a URL request exceeds the limit of ${MAX_JSON_BYTES} bytes`, {
    maxBytes: MAX_JSON_BYTES,
  });
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
