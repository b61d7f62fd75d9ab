import { createHash } from "node:crypto";
import type { FileHandle } from "node:fs/promises";
import { AppError } from "../../core/errors";
import type { BlobPutValue } from "../../core/ports/blob-store";

/** Pending chunks are written together once they reach this size, so many small chunks cost few system calls. */
const WRITE_BATCH_BYTES = 1024 * 1024;

export interface WrittenContent {
  size: number;
  md5Hex: string;
  sha256Hex: string;
}

/**
 * Writes the value to the handle from position 0, hashing it on the way. A stream is read one chunk at a time and
 * at most about one megabyte of it is held before being written; if writing fails, the stream is cancelled.
 */
export async function writeContent(handle: FileHandle, value: BlobPutValue): Promise<WrittenContent> {
  const md5 = createHash("md5");
  const sha256 = createHash("sha256");
  let size = 0;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    const batch = pending;
    pending = [];
    pendingBytes = 0;
    let written = 0;
    const total = batch.reduce((n, c) => n + c.byteLength, 0);
    // writev may write less than asked (rare, e.g. a full disk reports later); finish with plain writes.
    const { bytesWritten } = await handle.writev(batch);
    written = bytesWritten;
    while (written < total) {
      const rest = Buffer.concat(batch).subarray(written);
      const more = await handle.write(rest, 0, rest.byteLength);
      written += more.bytesWritten;
    }
  };
  const accept = async (chunk: Uint8Array) => {
    if (chunk.byteLength === 0) return;
    md5.update(chunk);
    sha256.update(chunk);
    size += chunk.byteLength;
    pending.push(chunk);
    pendingBytes += chunk.byteLength;
    if (pendingBytes >= WRITE_BATCH_BYTES) await flush();
  };

  if (isReadableStream(value)) {
    const reader = value.getReader();
    try {
      for (;;) {
        const { done, value: chunk } = await reader.read();
        if (done) break;
        if (!(chunk instanceof ArrayBuffer) && !ArrayBuffer.isView(chunk)) {
          throw new AppError("bad_request", "blob stream chunks must be bytes");
        }
        await accept(toBytes(chunk));
      }
    } catch (error) {
      // Tell the producer we stopped; an already-errored stream rejects cancel, which is fine.
      await reader.cancel(error).catch(() => {});
      throw error;
    } finally {
      reader.releaseLock();
    }
  } else {
    await accept(toBytes(value));
  }
  if (pendingBytes > 0) await flush();
  return { size, md5Hex: md5.digest("hex"), sha256Hex: sha256.digest("hex") };
}

function isReadableStream(value: unknown): value is ReadableStream<Uint8Array> {
  return typeof (value as ReadableStream | null)?.getReader === "function";
}

/** The bytes of a non-stream value or of one stream chunk; strings are UTF-8. */
export function toBytes(value: unknown): Uint8Array {
  if (value === null || value === undefined) return new Uint8Array(0);
  if (typeof value === "string") return new TextEncoder().encode(value);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new AppError("bad_request", "blob value must be a stream of bytes, bytes, a string or null");
}
