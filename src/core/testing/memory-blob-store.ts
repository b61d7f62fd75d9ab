import { md5 } from "@noble/hashes/legacy.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { AppError } from "../errors";
import type {
  BlobList,
  BlobListOptions,
  BlobObject,
  BlobPutOptions,
  BlobPutValue,
  BlobStore,
} from "../ports/blob-store";
import { blobObjectBody, pickHttpMetadata } from "../storage-rules/blob-object";
import { checkBlobKey, checkCustomMetadata, checkDeleteKeys } from "../storage-rules/blob-rules";
import { checkListLimit, decodeListCursor, encodeListCursor } from "../storage-rules/listing";
import { compareUtf8 } from "../storage-rules/utf8";

export interface MemoryBlobStore extends BlobStore {
  put(key: string, value: BlobPutValue, options?: BlobPutOptions): Promise<BlobObject>;
  /** How many objects are held. */
  readonly size: number;
}

interface Stored {
  object: BlobObject;
  bytes: Uint8Array;
}

const BODY_CHUNK_BYTES = 64 * 1024;

/**
 * A `BlobStore` in a Map, for core tests, with the Node store's rules: R2's key, metadata, list and delete limits,
 * the etag as hex MD5 (as R2 for single-part uploads), `checksums.sha256` always set. A failed stream stores nothing.
 */
export function createMemoryBlobStore(): MemoryBlobStore {
  const objects = new Map<string, Stored>();

  return {
    get size() {
      return objects.size;
    },

    async put(key: string, value: BlobPutValue, options?: BlobPutOptions): Promise<BlobObject> {
      checkBlobKey(key);
      const httpMetadata = pickHttpMetadata(options?.httpMetadata);
      const customMetadata = checkCustomMetadata(options?.customMetadata);
      const bytes = await readAll(value);
      const object: BlobObject = {
        key,
        size: bytes.byteLength,
        etag: toHex(md5(bytes)),
        uploaded: new Date(),
        httpMetadata,
        customMetadata,
        checksums: { sha256: sha256(bytes).slice().buffer },
      };
      objects.set(key, { object, bytes });
      return copyObject(object);
    },

    async get(key: string) {
      checkBlobKey(key);
      const stored = objects.get(key);
      return stored === undefined ? null : blobObjectBody(copyObject(stored.object), chunked(stored.bytes));
    },

    async head(key: string): Promise<BlobObject | null> {
      checkBlobKey(key);
      const stored = objects.get(key);
      return stored === undefined ? null : copyObject(stored.object);
    },

    async delete(keys: string | string[]): Promise<void> {
      for (const key of checkDeleteKeys(keys)) objects.delete(key);
    },

    async list(options?: BlobListOptions): Promise<BlobList> {
      const prefix = options?.prefix ?? "";
      const limit = checkListLimit(options?.limit);
      const after = options?.cursor ? decodeListCursor(options.cursor) : undefined;
      const keys = [...objects.keys()]
        .filter((k) => k.startsWith(prefix) && (after === undefined || compareUtf8(k, after) > 0))
        .sort(compareUtf8);
      const page = keys.slice(0, limit);
      const found = page.map((k) => copyObject((objects.get(k) as Stored).object));
      const last = page[page.length - 1];
      if (keys.length > limit && last !== undefined) {
        return { objects: found, truncated: true, cursor: encodeListCursor(last) };
      }
      return { objects: found, truncated: false };
    },
  };
}

/** Copies the value's bytes, so later changes by the caller do not reach the stored object. */
async function readAll(value: BlobPutValue): Promise<Uint8Array> {
  if (value === null || value === undefined) return new Uint8Array(0);
  if (typeof value === "string") return new TextEncoder().encode(value);
  if (value instanceof ArrayBuffer) return new Uint8Array(value.slice(0));
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = value.getReader();
  for (;;) {
    const { done, value: chunk } = await reader.read();
    if (done) break;
    if (!ArrayBuffer.isView(chunk)) throw new AppError("bad_request", "blob stream chunks must be bytes");
    chunks.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength).slice());
    total += chunk.byteLength;
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function chunked(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.byteLength) {
        controller.close();
        return;
      }
      const end = Math.min(offset + BODY_CHUNK_BYTES, bytes.byteLength);
      controller.enqueue(bytes.slice(offset, end));
      offset = end;
      if (offset >= bytes.byteLength) controller.close();
    },
  });
}

function copyObject(object: BlobObject): BlobObject {
  return {
    ...object,
    uploaded: new Date(object.uploaded.getTime()),
    httpMetadata: { ...object.httpMetadata },
    customMetadata: { ...object.customMetadata },
    checksums: { sha256: object.checksums.sha256?.slice(0) },
  };
}

function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += byte.toString(16).padStart(2, "0");
  return out;
}
