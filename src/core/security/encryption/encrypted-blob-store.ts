import { md5 } from "@noble/hashes/legacy.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { AppError } from "../../errors";
import type { BlobObject, BlobObjectBody, BlobPutValue, BlobStore, SqlDatabase } from "../../ports";
import { blobObjectBody } from "../../storage-rules/blob-object";
import { checkBlobKey } from "../../storage-rules/blob-rules";
import { toHex } from "../encoding";
import { DATA_KEY_ID_BYTES, DEFAULT_SEGMENT_BYTES, hasMagic, MAGIC, plaintextSize } from "./format";
import type { Keyring } from "./keyring";
import { createEncryptionRecords, type EncryptedObjectRow } from "./records";
import { createDecryptStream, createEncryptStream, dataKeyIdHex } from "./segments";

/** A running hash; the default is MD5 in JavaScript, a runtime may pass a native one. */
export interface IncrementalHash {
  update(bytes: Uint8Array): void;
  digestHex(): string;
}

export interface EncryptedBlobStoreOptions {
  inner: BlobStore;
  /** Holds each object's wrapped data key (`encrypted_objects`), so rotation never rewrites the objects. */
  db: SqlDatabase;
  /**
   * Null when no master key is configured: writes are refused, objects stored in plaintext earlier still read.
   * May be a promise (keys are imported asynchronously; a Worker builds its services synchronously).
   */
  keyring: Keyring | Promise<Keyring> | null;
  segmentBytes?: number;
  /** The etag hash (MD5 of the plaintext, as R2's etag of a single-part upload). */
  md5?: () => IncrementalHash;
  now?: () => Date;
  /** Told each time an object stored before encryption was turned on is read (it is returned as stored). */
  onPlaintextRead?: (key: string) => void;
}

/** The custom metadata entry naming the data key of the stored version; hidden from callers. */
export const DATA_KEY_METADATA = "od-data-key";

/**
 * A `BlobStore` that encrypts every object it stores (AES-256-GCM in segments, a data key per object wrapped by
 * the keyring's master key) and decrypts on read, streaming both ways. Sizes and etags are the plaintext's.
 *
 * Order of writes: the row holding the wrapped data key first, then the object, then the row is completed; so an
 * object is never stored without its key, and a failed write leaves the previous version readable. An object with
 * no data key entry was stored before encryption: it is returned as stored, and reported.
 */
export function createEncryptedBlobStore(options: EncryptedBlobStoreOptions): BlobStore {
  const { inner } = options;
  const records = createEncryptionRecords(options.db);
  const segmentBytes = options.segmentBytes ?? DEFAULT_SEGMENT_BYTES;
  const newMd5 = options.md5 ?? nobleMd5;
  const now = options.now ?? (() => new Date());

  async function put(key: string, value: BlobPutValue, putOptions?: Parameters<BlobStore["put"]>[2]) {
    checkBlobKey(key);
    const keyring = await options.keyring;
    if (!keyring) {
      await cancelValue(value);
      throw new AppError(
        "unavailable",
        "documents cannot be stored: encryption at rest needs a master key (OPENDISCOURSE_MASTER_KEY)",
      );
    }
    const dataKeyId = toHex(crypto.getRandomValues(new Uint8Array(DATA_KEY_ID_BYTES)));
    const { key: dataKey, ...wrapped } = await keyring.createDataKey(dataKeyId);
    const createdAt = now().toISOString();
    try {
      await records.insertPending({ dataKeyId, objectKey: key, wrapped, segmentSize: segmentBytes, createdAt });
    } catch (error) {
      await cancelValue(value);
      throw error;
    }

    const hash = newMd5();
    let size = 0;
    const measure = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        hash.update(chunk);
        size += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const encrypted = toStream(value)
      .pipeThrough(measure)
      .pipeThrough(createEncryptStream({ key: dataKey, dataKeyId: fromHex(dataKeyId), segmentBytes }));
    let stored: BlobObject | null;
    try {
      stored = await inner.put(key, encrypted, {
        httpMetadata: putOptions?.httpMetadata,
        customMetadata: { ...putOptions?.customMetadata, [DATA_KEY_METADATA]: dataKeyId },
      });
    } catch (error) {
      await encrypted.cancel(error).catch(() => {});
      await records.deleteRow(dataKeyId).catch(() => {});
      throw error;
    }
    if (!stored) {
      await records.deleteRow(dataKeyId);
      return null;
    }
    const etag = hash.digestHex();
    await records.complete({
      dataKeyId,
      objectKey: key,
      plaintextSize: size,
      etag,
      createdAt,
      completedAt: now().toISOString(),
    });
    return plainObject(stored, { size, etag });
  }

  /**
   * The row that opens the stored version `object` is, null for an object stored in plaintext, undefined when the
   * row is gone. Rows are read beside the object; one written meanwhile (a concurrent put) is looked up by id.
   */
  async function rowFor(
    object: BlobObject,
    rows: EncryptedObjectRow[],
  ): Promise<EncryptedObjectRow | null | undefined> {
    const id = object.customMetadata?.[DATA_KEY_METADATA];
    if (id === undefined) return null;
    const row = rows.find((r) => r.data_key_id === id) ?? (await records.byId(id));
    return row?.object_key === object.key ? row : undefined;
  }

  function describe(object: BlobObject, row: EncryptedObjectRow | null | undefined): BlobObject {
    if (row === null) return plainObject(object, { size: object.size, etag: object.etag, checksums: object.checksums });
    if (row === undefined) {
      throw new AppError("internal", `encrypted object ${object.key}: its data key record is missing`);
    }
    const size = row.plaintext_size ?? plaintextSize(object.size, row.segment_size) ?? object.size;
    return plainObject(object, { size, etag: row.etag ?? object.etag });
  }

  async function get(key: string): Promise<BlobObjectBody | null> {
    const [object, rows] = await Promise.all([inner.get(key), records.forKey(key)]);
    if (!object) return null;
    let row: EncryptedObjectRow | null | undefined;
    let described: BlobObject;
    try {
      row = await rowFor(object, rows);
      described = describe(object, row);
    } catch (error) {
      // Nobody will read the body: release it (an open file, an R2 response).
      await object.body.cancel().catch(() => {});
      throw error;
    }
    if (row === null) {
      options.onPlaintextRead?.(key);
      return blobObjectBody(described, object.body.pipeThrough(refuseCiphertext(key)));
    }
    const body = object.body.pipeThrough(
      createDecryptStream({
        async resolveKey(header) {
          const id = dataKeyIdHex(header);
          const found = rows.find((r) => r.data_key_id === id) ?? (await records.byId(id));
          if (!found || found.object_key !== key) {
            throw new AppError("internal", `encrypted object ${key}: no data key ${id} is recorded for it`);
          }
          const keyring = await options.keyring;
          if (!keyring) throw new AppError("unavailable", "encrypted objects cannot be read without a master key");
          return keyring.unwrap(id, { masterKeyId: found.master_key_id, wrapped: found.wrapped_key });
        },
      }),
    );
    return blobObjectBody(described, body);
  }

  return {
    put,
    get,
    async head(key) {
      const [object, rows] = await Promise.all([inner.head(key), records.forKey(key)]);
      return object ? describe(object, await rowFor(object, rows)) : null;
    },
    async delete(keys) {
      await inner.delete(keys);
      await records.deleteKeys(Array.isArray(keys) ? keys : [keys]);
    },
    async list(listOptions) {
      const listed = await inner.list(listOptions);
      const first = listed.objects[0]?.key;
      const last = listed.objects[listed.objects.length - 1]?.key;
      const rows = first !== undefined && last !== undefined ? await records.inRange(first, last) : [];
      // A listing carries no custom metadata, so the newest completed row of each key stands for its object.
      const newest = new Map<string, EncryptedObjectRow>();
      for (const row of rows) {
        const seen = newest.get(row.object_key);
        if (row.completed_at !== null && (!seen || row.created_at > seen.created_at)) newest.set(row.object_key, row);
      }
      return {
        ...listed,
        objects: listed.objects.map((o) => describe(o, newest.get(o.key) ?? null)),
      };
    },
  };
}

/** The caller's view of a stored object: plaintext size and etag, no data key entry in the custom metadata. */
function plainObject(
  object: BlobObject,
  plain: { size: number; etag: string; checksums?: BlobObject["checksums"] },
): BlobObject {
  const customMetadata = { ...object.customMetadata };
  delete customMetadata[DATA_KEY_METADATA];
  return {
    key: object.key,
    size: plain.size,
    etag: plain.etag,
    uploaded: object.uploaded,
    httpMetadata: object.httpMetadata,
    customMetadata,
    checksums: plain.checksums ?? {},
  };
}

/** Passes a plaintext object through, unless it starts like an encrypted one whose key entry is gone. */
function refuseCiphertext(key: string): TransformStream<Uint8Array, Uint8Array> {
  let checked = false;
  let head = new Uint8Array(0);
  const check = (controller: TransformStreamDefaultController<Uint8Array>) => {
    checked = true;
    if (hasMagic(head)) throw new AppError("internal", `encrypted object ${key}: its data key record is missing`);
    controller.enqueue(head);
  };
  return new TransformStream({
    transform(chunk, controller) {
      if (checked) return controller.enqueue(chunk);
      const joined = new Uint8Array(head.byteLength + chunk.byteLength);
      joined.set(head, 0);
      joined.set(chunk, head.byteLength);
      head = joined;
      if (head.byteLength >= MAGIC.byteLength) check(controller);
    },
    flush(controller) {
      if (!checked && head.byteLength > 0) check(controller);
    },
  });
}

function toStream(value: BlobPutValue): ReadableStream<Uint8Array> {
  if (value instanceof ReadableStream) return value;
  let bytes: Uint8Array;
  if (value === null) bytes = new Uint8Array(0);
  else if (typeof value === "string") bytes = new TextEncoder().encode(value);
  else if (value instanceof ArrayBuffer) bytes = new Uint8Array(value);
  else bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return new ReadableStream({
    start(controller) {
      if (bytes.byteLength > 0) controller.enqueue(bytes);
      controller.close();
    },
  });
}

async function cancelValue(value: BlobPutValue): Promise<void> {
  if (value instanceof ReadableStream) await value.cancel().catch(() => {});
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
}

function nobleMd5(): IncrementalHash {
  const hash = md5.create();
  return {
    update: (bytes) => hash.update(bytes),
    digestHex: () => bytesToHex(hash.digest()),
  };
}
