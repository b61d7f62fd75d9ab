import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { AppError } from "./errors";

export interface InspectedUpload {
  /** The first bytes of the upload (up to `headBytes`, fewer if the upload is shorter). */
  head: Uint8Array;
  /** The whole upload again, head included, counted and hashed as it is read. */
  body: ReadableStream<Uint8Array>;
  /** Size and SHA-256 (hex); valid once `body` has been read to the end. */
  summary(): { size: number; sha256: string };
}

/**
 * Reads the head of an upload so its format can be detected before anything is stored, then hands back a stream
 * of the whole upload that hashes and counts as it flows and fails with `payload_too_large` as soon as the limit
 * is passed, so an oversized upload is never read whole. Hashing is incremental: Web Crypto has no streaming digest.
 */
export async function inspectUpload(
  source: ReadableStream<Uint8Array>,
  options: { headBytes: number; maxBytes: number },
): Promise<InspectedUpload> {
  const reader = source.getReader();
  const pending: Uint8Array[] = [];
  let buffered = 0;
  let done = false;
  while (buffered < options.headBytes) {
    const next = await reader.read();
    if (next.done) {
      done = true;
      break;
    }
    pending.push(next.value);
    buffered += next.value.byteLength;
    if (buffered > options.maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(options.maxBytes);
    }
  }
  const head = concat(pending).subarray(0, options.headBytes);
  const hash = sha256.create();
  let size = 0;
  let finished = false;
  const accept = (chunk: Uint8Array): Uint8Array => {
    size += chunk.byteLength;
    if (size > options.maxBytes) throw tooLarge(options.maxBytes);
    hash.update(chunk);
    return chunk;
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const queued = pending.shift();
      if (queued) {
        controller.enqueue(accept(queued));
        return;
      }
      if (done) {
        finished = true;
        controller.close();
        return;
      }
      try {
        const next = await reader.read();
        if (next.done) {
          finished = true;
          controller.close();
        } else {
          controller.enqueue(accept(next.value));
        }
      } catch (error) {
        await reader.cancel().catch(() => {});
        controller.error(error);
      }
    },
    async cancel(reason) {
      await reader.cancel(reason).catch(() => {});
    },
  });
  let digest: string | undefined;
  return {
    head,
    body,
    summary() {
      if (!finished) throw new Error("upload not fully read");
      digest ??= bytesToHex(hash.digest());
      return { size, sha256: digest };
    },
  };
}

function tooLarge(maxBytes: number): AppError {
  return new AppError("payload_too_large", `upload exceeds the limit of ${maxBytes} bytes`, { maxBytes });
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}
