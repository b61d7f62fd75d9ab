import { AppError } from "../errors";
import type { SqlDatabase, SqlResult, SqlStatement } from "../ports";
import {
  type AuditEntry,
  type AuditEntryInput,
  type AuditRow,
  canonicalJson,
  GENESIS_HASH,
  hashAuditRow,
  rowToEntry,
} from "./audit-entry";

export interface AuditHead {
  /** Entries in the log (the last entry's seq). */
  seq: number;
  /** The last entry's hash, or the genesis hash when the log is empty. */
  hash: string;
}

export type AuditProblem =
  /** An entry's stored hash does not match its content: it was edited. */
  | "altered"
  /** An entry does not chain to the one before it: entries were reordered or replaced. */
  | "chain-broken"
  /** A seq is missing before the end: entries were deleted. */
  | "missing"
  /** The head counts more entries than the log holds: the tail was deleted. */
  | "truncated"
  /** The log holds entries past the head, or the head's hash is not the last entry's. */
  | "head-mismatch"
  /** The chain is consistent but no longer holds the recorded head's entry: it was rewritten and rehashed. */
  | "rewritten";

export type AuditVerification =
  | { ok: true; count: number; head: AuditHead }
  | { ok: false; seq: number; problem: AuditProblem; message: string };

export interface AuditLog {
  /**
   * Appends one entry, chained to the current head, and returns it. `statements` (the change being audited) run in
   * the same atomic batch, before the entry: the change and its record apply together or not at all, and their
   * results are returned in order. When another writer appended first, the whole batch is rolled back and retried
   * on the new head, so the chain never forks; throws `unavailable` after many lost races in a row.
   */
  append(
    input: AuditEntryInput,
    options?: { statements?: SqlStatement[] },
  ): Promise<{ entry: AuditEntry; results: SqlResult<unknown>[] }>;
  head(): Promise<AuditHead>;
  /**
   * Entries in seq order after `afterSeq` (default 0), at most `limit` (default 100, at most 1000), optionally only
   * those with this exact `action` and/or `actor`. Page on with the last entry's seq.
   */
  list(options?: { afterSeq?: number; limit?: number; action?: string; actor?: string }): Promise<AuditEntry[]>;
  /**
   * Walks the whole chain and the head; reports the first bad seq and why, or the count when intact. Detects any
   * edit, deletion, reordering or truncation made without rewriting every later hash and the head; a complete
   * rewrite is only caught against a head recorded elsewhere (`expectHead`).
   */
  verify(options?: { expectHead?: AuditHead }): Promise<AuditVerification>;
  /** Every entry as one JSON line (ending with a newline), in seq order, read a page at a time. */
  exportJsonl(): AsyncIterable<string>;
}

const PAGE = 500;
const MAX_ATTEMPTS = 100;
const CHAIN_CONFLICT = /(NOT NULL|UNIQUE) constraint failed: audit_log\.(prev_hash|seq)/;

/** The hash-chained audit log over `audit_log` and `audit_head` (migrations/0005_security.sql). */
export function createAuditLog(options: { db: SqlDatabase; now?: () => Date }): AuditLog {
  const { db } = options;
  const now = options.now ?? (() => new Date());

  const head = async (): Promise<AuditHead> => {
    const row = await db.prepare("SELECT seq, hash FROM audit_head WHERE id = 1").first<AuditHead>();
    if (!row) throw new AppError("internal", "the audit log's head is missing; are the migrations applied?");
    return row;
  };

  const rowsAfter = (afterSeq: number, limit: number, filter: { action?: string; actor?: string } = {}) =>
    db
      .prepare(
        `SELECT seq, at, actor, ip, action, target, before, after, prev_hash, hash FROM audit_log
         WHERE seq > ? AND (? IS NULL OR action = ?) AND (? IS NULL OR actor = ?) ORDER BY seq LIMIT ?`,
      )
      .bind(afterSeq, filter.action ?? null, filter.action ?? null, filter.actor ?? null, filter.actor ?? null, limit)
      .all<AuditRow>()
      .then((r) => r.results);

  async function* allRows(): AsyncIterable<AuditRow> {
    let after = 0;
    for (;;) {
      const rows = await rowsAfter(after, PAGE);
      yield* rows;
      const last = rows.at(-1);
      if (!last || rows.length < PAGE) return;
      after = last.seq;
    }
  }

  return {
    head,

    async append(input, appendOptions = {}) {
      const statements = appendOptions.statements ?? [];
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const current = await head();
        const unhashed = {
          seq: current.seq + 1,
          at: now().toISOString(),
          actor: input.actor,
          ip: input.ip ?? null,
          action: input.action,
          target: input.target ?? null,
          before: canonicalJson(input.before),
          after: canonicalJson(input.after),
          prev_hash: current.hash,
        };
        const row: AuditRow = { ...unhashed, hash: await hashAuditRow(unhashed) };
        // prev_hash is read from the head as it is when the batch runs: NULL (a NOT NULL failure, rolling back the
        // whole batch) if another writer moved it since we read it. The seq's uniqueness is a second guard.
        const insert = db
          .prepare(
            `INSERT INTO audit_log (seq, at, actor, ip, action, target, before, after, prev_hash, hash)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, (SELECT hash FROM audit_head WHERE id = 1 AND seq = ? AND hash = ?), ?)`,
          )
          .bind(
            row.seq,
            row.at,
            row.actor,
            row.ip,
            row.action,
            row.target,
            row.before,
            row.after,
            current.seq,
            current.hash,
            row.hash,
          );
        const advance = db
          .prepare("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1 AND seq = ? AND hash = ?")
          .bind(row.seq, row.hash, current.seq, current.hash);
        try {
          const results = await db.batch([...statements, insert, advance]);
          return { entry: rowToEntry(row), results: results.slice(0, statements.length) };
        } catch (error) {
          if (error instanceof Error && CHAIN_CONFLICT.test(error.message)) continue;
          throw error;
        }
      }
      throw new AppError("unavailable", "the audit log is busy; try again");
    },

    async list(listOptions = {}) {
      const limit = Math.min(Math.max(1, Math.floor(listOptions.limit ?? 100)), 1000);
      const rows = await rowsAfter(Math.max(0, listOptions.afterSeq ?? 0), limit, listOptions);
      return rows.map(rowToEntry);
    },

    async verify(verifyOptions = {}) {
      let expected = 1;
      let previous = GENESIS_HASH;
      const fail = (seq: number, problem: AuditProblem, message: string): AuditVerification => ({
        ok: false,
        seq,
        problem,
        message,
      });
      for await (const row of allRows()) {
        if (row.seq !== expected) {
          return fail(expected, "missing", `entry ${expected} is missing (the next entry is ${row.seq})`);
        }
        const { hash, ...unhashed } = row;
        if ((await hashAuditRow(unhashed)) !== hash) {
          return fail(row.seq, "altered", `entry ${row.seq} does not match its hash: it was edited`);
        }
        if (row.prev_hash !== previous) {
          return fail(row.seq, "chain-broken", `entry ${row.seq} does not chain to entry ${row.seq - 1}`);
        }
        previous = hash;
        expected++;
      }
      const count = expected - 1;
      const last = await head();
      if (last.seq > count) {
        return fail(count + 1, "truncated", `the head records ${last.seq} entries but the log ends at ${count}`);
      }
      if (last.seq < count || last.hash !== previous) {
        return fail(last.seq, "head-mismatch", `the head (entry ${last.seq}) is not the log's last entry (${count})`);
      }
      const expect = verifyOptions.expectHead;
      if (expect && expect.seq > count) {
        return fail(expect.seq, "truncated", `the log ends at entry ${count}, before the recorded head ${expect.seq}`);
      }
      // The chain is consistent here, so a different hash at the recorded seq means every entry from there (or
      // before) was rewritten and rehashed: only a head kept outside the database can tell.
      const recorded = expect
        ? expect.seq === 0
          ? GENESIS_HASH
          : (await rowsAfter(expect.seq - 1, 1))[0]?.hash
        : null;
      if (expect && recorded !== expect.hash) {
        return fail(
          expect.seq,
          "rewritten",
          `entry ${expect.seq} is not the one recorded earlier: the log was rewritten`,
        );
      }
      return { ok: true, count, head: last };
    },

    async *exportJsonl() {
      for await (const row of allRows()) yield `${JSON.stringify(rowToEntry(row))}\n`;
    },
  };
}
