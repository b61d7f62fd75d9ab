import { sha256Hex } from "./encoding";

/** Who did something, and from where: `cli`, `user:<id>`, `key:<id>`, `system`; the source IP when known. */
export interface Actor {
  actor: string;
  ip?: string | null;
}

export interface AuditEntryInput extends Actor {
  /** What was done, `noun.verb`: `key.create`, `user.set-role`, `document.delete`. */
  action: string;
  /** What it was done to: `key:<id>`, `user:<id>`, `document:<id>`. */
  target?: string | null;
  /** The target's relevant state before and after, as JSON values; never secrets. */
  before?: unknown;
  after?: unknown;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  ip: string | null;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
}

/** The row as stored: `before` and `after` are canonical JSON text, which is what the hash covers. */
export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  ip: string | null;
  action: string;
  target: string | null;
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
}

/** The hash the first entry chains to. */
export const GENESIS_HASH = "0".repeat(64);

/**
 * JSON with object keys sorted at every level, so equal values always serialise to the same text; null for
 * undefined or null, so "absent" and "null" hash alike.
 */
export function canonicalJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(v).sort()) sorted[key] = (v as Record<string, unknown>)[key];
    return sorted;
  });
}

/**
 * SHA-256 over the row's fields as a JSON array, in a fixed order: unambiguous (no separator can be forged inside a
 * field) and the same on every runtime.
 */
export function hashAuditRow(row: Omit<AuditRow, "hash">): Promise<string> {
  return sha256Hex(
    JSON.stringify([row.seq, row.at, row.actor, row.ip, row.action, row.target, row.before, row.after, row.prev_hash]),
  );
}

export function rowToEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    ip: row.ip,
    action: row.action,
    target: row.target,
    before: parseStored(row.before),
    after: parseStored(row.after),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Stored JSON back to a value; text that is not JSON (a tampered row) is kept as text, for verify() to report. */
function parseStored(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
