import type { FileHandle } from "node:fs/promises";
import { AppError } from "../../core/errors";
import type { BlobHttpMetadata, BlobObject } from "../../core/ports/blob-store";

/**
 * One object is one file: the content bytes, then a JSON trailer with the key and metadata, then a fixed footer
 * (trailer length as uint32 big-endian, then the magic `ODB1`). Keeping metadata in the same file makes a single
 * rename publish content and metadata together, and an open handle sees one consistent version even while another
 * process replaces or deletes the object.
 */

const MAGIC = "ODB1";
const FOOTER_BYTES = 8;
const MAX_TRAILER_BYTES = 1 << 20;
const READ_CHUNK_BYTES = 256 * 1024;

export interface StoredMeta {
  v: 1;
  key: string;
  size: number;
  /** Hex MD5 of the content, as R2 reports for a single-part upload. */
  etag: string;
  /** Hex SHA-256 of the content. */
  sha256: string;
  /** Milliseconds since the epoch. */
  uploaded: number;
  httpMetadata: BlobHttpMetadata;
  customMetadata: Record<string, string>;
}

/** The trailer and footer to append after the content. */
export function encodeTrailer(meta: StoredMeta): Buffer {
  const json = Buffer.from(JSON.stringify(meta), "utf8");
  const footer = Buffer.alloc(FOOTER_BYTES);
  footer.writeUInt32BE(json.byteLength, 0);
  footer.write(MAGIC, 4, "latin1");
  return Buffer.concat([json, footer]);
}

function corrupt(reason: string): AppError {
  return new AppError("internal", `blob file is corrupt: ${reason}`);
}

/** Reads the metadata of an open object file without touching its content. Throws `internal` on a foreign file. */
export async function readMeta(handle: FileHandle): Promise<StoredMeta> {
  const { size: fileSize } = await handle.stat();
  if (fileSize < FOOTER_BYTES) throw corrupt("too short");
  const footer = Buffer.alloc(FOOTER_BYTES);
  await readExactly(handle, footer, fileSize - FOOTER_BYTES);
  if (footer.toString("latin1", 4) !== MAGIC) throw corrupt("bad magic");
  const trailerBytes = footer.readUInt32BE(0);
  if (trailerBytes > MAX_TRAILER_BYTES || trailerBytes > fileSize - FOOTER_BYTES) throw corrupt("bad trailer length");
  const trailer = Buffer.alloc(trailerBytes);
  await readExactly(handle, trailer, fileSize - FOOTER_BYTES - trailerBytes);
  let meta: StoredMeta;
  try {
    meta = JSON.parse(trailer.toString("utf8")) as StoredMeta;
  } catch {
    throw corrupt("unreadable trailer");
  }
  if (meta?.v !== 1 || meta.size !== fileSize - FOOTER_BYTES - trailerBytes) throw corrupt("size mismatch");
  return meta;
}

async function readExactly(handle: FileHandle, target: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < target.byteLength) {
    const { bytesRead } = await handle.read(target, done, target.byteLength - done, position + done);
    if (bytesRead === 0) throw corrupt("truncated");
    done += bytesRead;
  }
}

export function toBlobObject(meta: StoredMeta): BlobObject {
  const digest = Buffer.from(meta.sha256, "hex");
  return {
    key: meta.key,
    size: meta.size,
    etag: meta.etag,
    uploaded: new Date(meta.uploaded),
    httpMetadata: { ...meta.httpMetadata },
    customMetadata: { ...meta.customMetadata },
    checksums: { sha256: digest.buffer.slice(digest.byteOffset, digest.byteOffset + digest.byteLength) },
  };
}

/**
 * Streams the first `size` bytes of the handle, one read per pull, and closes the handle at the end, on error or on
 * cancel. The handle stays open until then: a caller must read or cancel the body.
 */
export function contentStream(handle: FileHandle, size: number): ReadableStream<Uint8Array> {
  let position = 0;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (position < size) {
          const length = Math.min(READ_CHUNK_BYTES, size - position);
          const chunk = new Uint8Array(length);
          const { bytesRead } = await handle.read(chunk, 0, length, position);
          if (bytesRead === 0) throw corrupt("truncated");
          position += bytesRead;
          controller.enqueue(bytesRead === length ? chunk : chunk.subarray(0, bytesRead));
        }
        if (position >= size) {
          await close();
          controller.close();
        }
      } catch (error) {
        await close().catch(() => {});
        controller.error(error);
      }
    },
    async cancel() {
      await close();
    },
  });
}
