import type Database from "better-sqlite3";
import { type AuditRow, GENESIS_HASH, hashAuditRow } from "../../src/core/security/audit-entry";

/**
 * What someone holding the database file could do: change entries (`forge` returns the new actor of each row) and
 * rehash the whole chain and the head with the product's own hashing, so that the chain alone looks intact.
 */
export async function rewriteAuditChain(raw: Database.Database, forge: (row: AuditRow) => string): Promise<void> {
  const rows = raw.prepare("SELECT * FROM audit_log ORDER BY seq").all() as AuditRow[];
  raw.exec("DROP TRIGGER IF EXISTS audit_log_no_delete; DELETE FROM audit_log");
  const insert = raw.prepare(
    `INSERT INTO audit_log (seq, at, actor, ip, action, target, before, after, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let prev = GENESIS_HASH;
  for (const row of rows) {
    const { hash: _old, ...unhashed } = { ...row, actor: forge(row), prev_hash: prev };
    const hash = await hashAuditRow(unhashed);
    insert.run(row.seq, row.at, unhashed.actor, row.ip, row.action, row.target, row.before, row.after, prev, hash);
    prev = hash;
  }
  raw.prepare("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1").run(rows.at(-1)?.seq ?? 0, prev);
}
