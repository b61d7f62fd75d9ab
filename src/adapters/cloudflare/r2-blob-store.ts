import type { R2Bucket, R2Object, R2UploadedPart } from "@cloudflare/workers-types/2023-07-01";
import type { BlobPutOptions, BlobPutValue, BlobStore } from "../../core/ports/blob-store";

export interface R2BlobStoreOptions {
  bucket: R2Bucket;
  /**
   * Size of the parts a stream of unknown length is uploaded in (default 8 MiB; R2 needs at least 5 MiB for every
   * part but the last). One part is held in memory at a time.
   */
  partBytes?: number;
}

const MIN_PART_BYTES = 5 * 1024 * 1024;

/**
 * The R2 binding as a `BlobStore`. R2 takes a stream only when its length is known (a request body, a
 * `FixedLengthStream`); uploads reach the store as plain streams, so those are read here one part at a time: a
 * stream shorter than a part is stored with one `put`, a longer one as a multipart upload that becomes visible
 * only when complete and is aborted if the stream fails, so readers see the old object or the new one. Every other
 * call goes to the binding unchanged.
 */
export function createR2BlobStore(options: R2BlobStoreOptions): BlobStore {
  const { bucket } = options;
  const partBytes = Math.max(MIN_PART_BYTES, Math.floor(options.partBytes ?? 8 * 1024 * 1024));

  async function putStream(
    key: string,
    stream: ReadableStream<Uint8Array>,
    putOptions: BlobPutOptions | undefined,
  ): Promise<R2Object> {
    const reader = stream.getReader();
    const parts = readParts(reader, partBytes);
    const first = await parts.next();
    const firstPart = first.done ? new Uint8Array(0) : first.value;
    if (firstPart.byteLength < partBytes) return bucket.put(key, firstPart, putOptions);

    const upload = await bucket.createMultipartUpload(key, putOptions);
    try {
      const uploaded: R2UploadedPart[] = [await upload.uploadPart(1, firstPart)];
      for await (const part of parts) uploaded.push(await upload.uploadPart(uploaded.length + 1, part));
      return await upload.complete(uploaded);
    } catch (error) {
      await upload.abort().catch(() => {});
      await reader.cancel(error).catch(() => {});
      throw error;
    }
  }

  return {
    put(key: string, value: BlobPutValue, putOptions?: BlobPutOptions) {
      // The runtime does not tell whether a stream's length is known, so every stream goes in parts.
      if (value instanceof ReadableStream) return putStream(key, value, putOptions);
      return bucket.put(key, value, putOptions);
    },
    get: (key) => bucket.get(key),
    head: (key) => bucket.head(key),
    delete: (keys) => bucket.delete(keys),
    list: (listOptions) => bucket.list(listOptions),
  };
}

/** Yields the stream's bytes as parts of exactly `size` bytes, the last one shorter (or empty for an empty stream). */
async function* readParts(reader: ReadableStreamDefaultReader<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  let part = new Uint8Array(size);
  let filled = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    let offset = 0;
    while (offset < value.byteLength) {
      const n = Math.min(size - filled, value.byteLength - offset);
      part.set(value.subarray(offset, offset + n), filled);
      filled += n;
      offset += n;
      if (filled === size) {
        yield part;
        part = new Uint8Array(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield part.slice(0, filled);
}
