import { AppError } from "../../errors";
import type { BlobStore, SqlDatabase } from "../../ports";
import { DATA_KEY_METADATA } from "./encrypted-blob-store";
import { currentKeyring, type Keyring } from "./keyring";
import { createEncryptionRecords, type EncryptedObjectRow, type EncryptionRecords } from "./records";

const DEFAULT_BATCH = 200;

/**
 * Rewraps every data key not wrapped by the keyring's current master key, a batch at a time; the objects are not
 * touched. Idempotent and resumable: each batch is one atomic update of rows read just before, so an interrupted
 * run leaves every row wrapped by either key, and running again finishes the rest.
 */
export async function rewrapDataKeys(options: {
  db: SqlDatabase;
  keyring: Keyring;
  batchSize?: number;
  onBatch?: (rewrapped: number) => void;
}): Promise<{ rewrapped: number }> {
  const records = createEncryptionRecords(options.db);
  const { keyring } = options;
  let rewrapped = 0;
  for (;;) {
    const rows = await records.wrappedByOthers(keyring.currentId, options.batchSize ?? DEFAULT_BATCH);
    if (rows.length === 0) return { rewrapped };
    rewrapped += await rewrapRows(records, keyring, rows);
    options.onBatch?.(rewrapped);
  }
}

/** Most data keys one `rewrapSome` call takes: each is one statement of one D1 batch. */
export const MAX_REWRAP_BATCH = 500;

/**
 * One bounded step of a rotation, for a runtime that cannot run long (a Worker request): rewraps up to `limit`
 * data keys not wrapped by the keyring's current master key, as one atomic batch, and says how many are left.
 * Calling it until `remaining` is 0 finishes the rotation; calls at once are safe (each update is guarded by the key
 * it replaces). Throws `unavailable` when a data key's master key is not in the keyring.
 */
export async function rewrapSome(options: {
  db: SqlDatabase;
  keyring: Keyring;
  limit: number;
}): Promise<{ rewrapped: number; remaining: number; masterKeyId: string }> {
  const records = createEncryptionRecords(options.db);
  const keyring = await currentKeyring(options.keyring);
  const limit = Math.min(Math.max(1, Math.floor(options.limit)), MAX_REWRAP_BATCH);
  const rows = await records.wrappedByOthers(keyring.currentId, limit);
  const rewrapped = await rewrapRows(records, keyring, rows);
  const remaining = await records.countWrappedByOthers(keyring.currentId);
  return { rewrapped, remaining, masterKeyId: keyring.currentId };
}

/** Rewraps the rows' data keys to the keyring's current master key in one batch; how many rows changed. */
async function rewrapRows(records: EncryptionRecords, keyring: Keyring, rows: EncryptedObjectRow[]): Promise<number> {
  const missing = [...new Set(rows.map((r) => r.master_key_id).filter((id) => !keyring.has(id)))];
  if (missing.length > 0) {
    throw new AppError(
      "unavailable",
      `data keys are wrapped by master key ${missing.join(", ")}, which is not configured; add it to rewrap them`,
    );
  }
  const to = keyring.currentId;
  const updates = await Promise.all(
    rows.map(async (row) => ({
      dataKeyId: row.data_key_id,
      from: row.master_key_id,
      to: await keyring.rewrap(row.data_key_id, { masterKeyId: row.master_key_id, wrapped: row.wrapped_key }, to),
    })),
  );
  return records.rewrap(updates);
}

export interface EncryptionStatus {
  currentMasterKeyId: string | null;
  /** Data keys per master key (`pending`: objects whose write never finished, or is in progress). */
  byMasterKey: { masterKeyId: string; objects: number; pending: number }[];
  /** Objects stored before encryption was turned on, still in plaintext. */
  plaintextObjects: number;
  encryptedObjects: number;
}

/** What is encrypted under which master key, and how much is still plaintext (walks the whole store). */
export async function encryptionStatus(options: {
  db: SqlDatabase;
  /** The store under the encryption, as stored. */
  inner: BlobStore;
  keyring: Keyring | null;
}): Promise<EncryptionStatus> {
  const records = createEncryptionRecords(options.db);
  let plaintextObjects = 0;
  let encryptedObjects = 0;
  await forEachStored(options, (_key, row) => {
    if (row) encryptedObjects++;
    else plaintextObjects++;
  });
  return {
    currentMasterKeyId: options.keyring?.currentId ?? null,
    byMasterKey: await records.countByMasterKey(),
    plaintextObjects,
    encryptedObjects,
  };
}

/**
 * Encrypts, in place, every object stored in plaintext: each is read from the inner store and written back
 * through the encrypting one, which replaces it atomically. Safe to interrupt and run again.
 */
export async function encryptExisting(options: {
  db: SqlDatabase;
  inner: BlobStore;
  encrypted: BlobStore;
  onObject?: (key: string) => void;
}): Promise<{ encrypted: number }> {
  const keys: string[] = [];
  await forEachStored(options, (key, row) => {
    if (!row) keys.push(key);
  });
  let encrypted = 0;
  for (const key of keys) {
    const object = await options.inner.get(key);
    if (!object || object.customMetadata?.[DATA_KEY_METADATA] !== undefined) continue;
    await options.encrypted.put(key, object.body, {
      httpMetadata: object.httpMetadata,
      customMetadata: object.customMetadata,
    });
    encrypted++;
    options.onObject?.(key);
  }
  return { encrypted };
}

/** Calls `visit` for every stored object with the completed row that encrypts it, or null for plaintext. */
async function forEachStored(
  options: { db: SqlDatabase; inner: BlobStore },
  visit: (key: string, row: EncryptedObjectRow | null) => void,
): Promise<void> {
  const records = createEncryptionRecords(options.db);
  let cursor: string | undefined;
  do {
    const page = await options.inner.list({ cursor, limit: 1000 });
    const first = page.objects[0]?.key;
    const last = page.objects[page.objects.length - 1]?.key;
    const rows = first !== undefined && last !== undefined ? await records.inRange(first, last) : [];
    const completed = new Map(rows.filter((r) => r.completed_at !== null).map((r) => [r.object_key, r]));
    for (const object of page.objects) visit(object.key, completed.get(object.key) ?? null);
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor !== undefined);
}
