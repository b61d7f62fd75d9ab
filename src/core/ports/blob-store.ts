/**
 * Storage for original documents, shaped as a subset of Cloudflare R2.
 * Keys are opaque strings chosen by the caller; an implementation must never let a key address anything outside
 * its own namespace (on disk: outside its root folder).
 */
export interface BlobHttpMetadata {
  contentType?: string;
  contentDisposition?: string;
}

export interface BlobChecksums {
  /** SHA-256 of the stored bytes, when the store records it (the Node store always does). */
  readonly sha256?: ArrayBuffer;
}

export interface BlobObject {
  readonly key: string;
  readonly size: number;
  readonly etag: string;
  readonly uploaded: Date;
  readonly httpMetadata?: BlobHttpMetadata;
  readonly customMetadata?: Record<string, string>;
  readonly checksums: BlobChecksums;
}

export interface BlobObjectBody extends BlobObject {
  /** The bytes, streamed: reading a large object never holds it whole in memory. */
  readonly body: ReadableStream<Uint8Array>;
  arrayBuffer(): Promise<ArrayBuffer>;
  text(): Promise<string>;
}

export interface BlobPutOptions {
  httpMetadata?: BlobHttpMetadata;
  customMetadata?: Record<string, string>;
}

export interface BlobListOptions {
  prefix?: string;
  cursor?: string;
  limit?: number;
}

export interface BlobList {
  objects: BlobObject[];
  truncated: boolean;
  cursor?: string;
}

export type BlobPutValue = ReadableStream<Uint8Array> | ArrayBuffer | ArrayBufferView | string | null;

export interface BlobStore {
  /**
   * Stores the value under the key, replacing any previous object atomically: a reader sees the old object or the
   * new one, never a partial write. A stream is consumed as it arrives.
   */
  put(key: string, value: BlobPutValue, options?: BlobPutOptions): Promise<BlobObject | null>;
  /** The object with its body, or null when the key does not exist. */
  get(key: string): Promise<BlobObjectBody | null>;
  /** The object's metadata without its body, or null when the key does not exist. */
  head(key: string): Promise<BlobObject | null>;
  /** Deletes the keys; deleting a missing key is not an error (idempotent). */
  delete(keys: string | string[]): Promise<void>;
  /** Lists objects in key order, at most `limit` (default 1000) at a time; pass `cursor` back for the next page. */
  list(options?: BlobListOptions): Promise<BlobList>;
}
