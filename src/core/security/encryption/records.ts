import type { SqlDatabase, SqlStatement } from "../../ports";
import type { WrappedDataKey } from "./keyring";

/** A row of `encrypted_objects`: one encrypted object version and its wrapped data key. */
export interface EncryptedObjectRow {
  data_key_id: string;
  object_key: string;
  master_key_id: string;
  wrapped_key: string;
  segment_size: number;
  /** Null while the object is being written (or when its writer stopped before finishing). */
  plaintext_size: number | null;
  etag: string | null;
  created_at: string;
  completed_at: string | null;
}

/**
 * A row completed this long before a new version of its key started is certainly superseded by it, even with
 * some clock skew between writers; newer ones are left (a concurrent writer may still be landing its object).
 */
const SUPERSEDED_MARGIN_MS = 60_000;
/** Statements per batch when deleting by key: D1 limits a batch's size. */
const DELETE_BATCH = 100;

/** The SQL behind the encrypted store and the rotation: every write is one statement or one atomic batch. */
export function createEncryptionRecords(db: SqlDatabase) {
  return {
    async insertPending(row: {
      dataKeyId: string;
      objectKey: string;
      wrapped: WrappedDataKey;
      segmentSize: number;
      createdAt: string;
    }): Promise<void> {
      await db
        .prepare(
          `INSERT INTO encrypted_objects (data_key_id, object_key, master_key_id, wrapped_key, segment_size, created_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .bind(
          row.dataKeyId,
          row.objectKey,
          row.wrapped.masterKeyId,
          row.wrapped.wrapped,
          row.segmentSize,
          row.createdAt,
        )
        .run();
    },

    /** Records the finished object and drops rows of versions it certainly replaced. */
    async complete(row: {
      dataKeyId: string;
      objectKey: string;
      plaintextSize: number;
      etag: string;
      createdAt: string;
      completedAt: string;
    }): Promise<void> {
      const before = new Date(Date.parse(row.createdAt) - SUPERSEDED_MARGIN_MS).toISOString();
      await db.batch([
        db
          .prepare("UPDATE encrypted_objects SET plaintext_size = ?, etag = ?, completed_at = ? WHERE data_key_id = ?")
          .bind(row.plaintextSize, row.etag, row.completedAt, row.dataKeyId),
        db
          .prepare(
            `DELETE FROM encrypted_objects
             WHERE object_key = ? AND data_key_id <> ? AND completed_at IS NOT NULL AND completed_at < ?`,
          )
          .bind(row.objectKey, row.dataKeyId, before),
      ]);
    },

    async deleteRow(dataKeyId: string): Promise<void> {
      await db.prepare("DELETE FROM encrypted_objects WHERE data_key_id = ?").bind(dataKeyId).run();
    },

    async deleteKeys(keys: string[]): Promise<void> {
      for (let i = 0; i < keys.length; i += DELETE_BATCH) {
        const statements = keys
          .slice(i, i + DELETE_BATCH)
          .map((key) => db.prepare("DELETE FROM encrypted_objects WHERE object_key = ?").bind(key));
        await db.batch(statements);
      }
    },

    async byId(dataKeyId: string): Promise<EncryptedObjectRow | null> {
      return db
        .prepare("SELECT * FROM encrypted_objects WHERE data_key_id = ?")
        .bind(dataKeyId)
        .first<EncryptedObjectRow>();
    },

    async forKey(objectKey: string): Promise<EncryptedObjectRow[]> {
      const { results } = await db
        .prepare("SELECT * FROM encrypted_objects WHERE object_key = ?")
        .bind(objectKey)
        .all<EncryptedObjectRow>();
      return results;
    },

    /** Every row whose key sorts between the two (byte order, as listings are), for one page of a listing. */
    async inRange(first: string, last: string): Promise<EncryptedObjectRow[]> {
      const { results } = await db
        .prepare("SELECT * FROM encrypted_objects WHERE object_key >= ? AND object_key <= ?")
        .bind(first, last)
        .all<EncryptedObjectRow>();
      return results;
    },

    /** Up to `limit` rows wrapped by any master key other than `masterKeyId`, in a stable order. */
    async wrappedByOthers(masterKeyId: string, limit: number): Promise<EncryptedObjectRow[]> {
      const { results } = await db
        .prepare("SELECT * FROM encrypted_objects WHERE master_key_id <> ? ORDER BY data_key_id LIMIT ?")
        .bind(masterKeyId, limit)
        .all<EncryptedObjectRow>();
      return results;
    },

    /** How many rows are wrapped by a master key other than `masterKeyId`: what a rotation has left to do. */
    async countWrappedByOthers(masterKeyId: string): Promise<number> {
      const row = await db
        .prepare("SELECT COUNT(*) AS n FROM encrypted_objects WHERE master_key_id <> ?")
        .bind(masterKeyId)
        .first<{ n: number }>();
      return row?.n ?? 0;
    },

    /**
     * Replaces wrapped keys in one batch; each update applies only if the row is still wrapped as it was read, so
     * two rotations at once cannot lose a key. Returns how many rows changed.
     */
    async rewrap(updates: { dataKeyId: string; from: string; to: WrappedDataKey }[]): Promise<number> {
      if (updates.length === 0) return 0;
      const statements: SqlStatement[] = updates.map((u) =>
        db
          .prepare(
            "UPDATE encrypted_objects SET master_key_id = ?, wrapped_key = ? WHERE data_key_id = ? AND master_key_id = ?",
          )
          .bind(u.to.masterKeyId, u.to.wrapped, u.dataKeyId, u.from),
      );
      const results = await db.batch(statements);
      return results.reduce((n, r) => n + r.meta.changes, 0);
    },

    async countByMasterKey(): Promise<{ masterKeyId: string; objects: number; pending: number }[]> {
      const { results } = await db
        .prepare(
          `SELECT master_key_id AS masterKeyId, COUNT(*) AS objects,
                  SUM(CASE WHEN completed_at IS NULL THEN 1 ELSE 0 END) AS pending
           FROM encrypted_objects GROUP BY master_key_id ORDER BY master_key_id`,
        )
        .all<{ masterKeyId: string; objects: number; pending: number }>();
      return results;
    },
  };
}

export type EncryptionRecords = ReturnType<typeof createEncryptionRecords>;
