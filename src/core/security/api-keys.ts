import { AppError } from "../errors";
import type { SqlDatabase } from "../ports";
import type { Actor } from "./audit-entry";
import type { AuditLog } from "./audit-log";
import { base32, constantTimeEqual, randomBytes, sha256Hex } from "./encoding";
import { isRole, type Role } from "./roles";

export interface ApiKeyRecord {
  id: string;
  /** Public: shown in listings and logs, and how a presented key finds its row. */
  prefix: string;
  name: string | null;
  role: Role;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
}

/** Who a valid key speaks for; `actor` is what audit entries and `documents.uploaded_by` record. */
export interface KeyPrincipal {
  kind: "key";
  id: string;
  prefix: string;
  role: Role;
  actor: `key:${string}`;
}

export type KeyRefusal = "malformed" | "unknown" | "revoked" | "expired";
export type KeyAuthentication = { ok: true; principal: KeyPrincipal } | { ok: false; reason: KeyRefusal };

export interface ApiKeys {
  /**
   * Creates a key for the role and returns it with its record. The key (`od_<prefix>_<secret>`) is in this result
   * only: the database keeps its SHA-256. Audited as `key.create`.
   */
  create(
    input: { role: Role; name?: string | null; expiresAt?: Date | null },
    by: Actor,
  ): Promise<{ key: string; record: ApiKeyRecord }>;
  /** Every key, newest first, without secrets (there are none to show). */
  list(): Promise<ApiKeyRecord[]>;
  /** The key's record, or null when there is no such id. */
  get(id: string): Promise<ApiKeyRecord | null>;
  /**
   * Revokes the key; effective on the next request, since `authenticate` reads the row every time. Throws
   * `not_found` for an unknown id; revoking a revoked key changes nothing and returns its record (idempotent, and
   * audited only the first time).
   */
  revoke(id: string, by: Actor): Promise<ApiKeyRecord>;
  /**
   * Checks a presented key: the prefix finds the row, the hash is compared in constant time, revoked and expired
   * keys are refused. A valid key's last use (time and IP) is recorded. Never throws for a bad key.
   */
  authenticate(key: string, context: { ip?: string | null; now?: Date }): Promise<KeyAuthentication>;
}

interface KeyRow {
  id: string;
  prefix: string;
  key_hash: string;
  name: string | null;
  role: string;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  last_used_ip: string | null;
}

const KEY_PATTERN = /^od_([a-z2-7]{10})_([a-z2-7]{52})$/;
const COLUMNS =
  "id, prefix, key_hash, name, role, created_by, created_at, expires_at, revoked_at, last_used_at, last_used_ip";
/** A valid key's last use is written at most this often per IP, so authentication is not a write per request. */
const TOUCH_INTERVAL_MS = 60_000;

function toRecord(row: KeyRow): ApiKeyRecord {
  if (!isRole(row.role)) throw new AppError("internal", `key ${row.id} has an unknown role`);
  return {
    id: row.id,
    prefix: row.prefix,
    name: row.name,
    role: row.role,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
    lastUsedIp: row.last_used_ip,
  };
}

/** What an audit entry says about a key: never its hash. */
const auditView = (r: ApiKeyRecord) => ({
  prefix: r.prefix,
  name: r.name,
  role: r.role,
  expiresAt: r.expiresAt,
  revokedAt: r.revokedAt,
});

export function createApiKeys(options: { db: SqlDatabase; audit: AuditLog; now?: () => Date }): ApiKeys {
  const { db, audit } = options;
  const now = options.now ?? (() => new Date());
  // Compared against when a prefix is unknown, so a miss costs what a hit costs.
  const decoy = sha256Hex("od_decoy");

  const get = async (id: string) => {
    const row = await db.prepare(`SELECT ${COLUMNS} FROM api_keys WHERE id = ?`).bind(id).first<KeyRow>();
    return row ? toRecord(row) : null;
  };

  return {
    get,

    async create(input, by) {
      if (!isRole(input.role)) throw new AppError("bad_request", `unknown role "${String(input.role)}"`);
      const createdAt = now();
      if (input.expiresAt && !(input.expiresAt.getTime() > createdAt.getTime())) {
        throw new AppError("bad_request", "the expiry date must be in the future");
      }
      const id = crypto.randomUUID();
      const prefix = base32(randomBytes(7)).slice(0, 10);
      const key = `od_${prefix}_${base32(randomBytes(32))}`;
      const record: ApiKeyRecord = {
        id,
        prefix,
        name: input.name ?? null,
        role: input.role,
        createdBy: by.actor,
        createdAt: createdAt.toISOString(),
        expiresAt: input.expiresAt?.toISOString() ?? null,
        revokedAt: null,
        lastUsedAt: null,
        lastUsedIp: null,
      };
      const insert = db
        .prepare(
          `INSERT INTO api_keys (id, prefix, key_hash, name, role, created_by, created_at, expires_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(id, prefix, await sha256Hex(key), record.name, record.role, by.actor, record.createdAt, record.expiresAt);
      await audit.append(
        { ...by, action: "key.create", target: `key:${id}`, after: auditView(record) },
        { statements: [insert] },
      );
      return { key, record };
    },

    async list() {
      const { results } = await db
        .prepare(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at DESC, id`)
        .all<KeyRow>();
      return results.map(toRecord);
    },

    async revoke(id, by) {
      const before = await get(id);
      if (!before) throw new AppError("not_found", `no API key ${id}`);
      if (before.revokedAt) return before;
      const revokedAt = now().toISOString();
      const update = db
        .prepare("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
        .bind(revokedAt, id);
      await audit.append(
        { ...by, action: "key.revoke", target: `key:${id}`, before: auditView(before), after: { revokedAt } },
        { statements: [update] },
      );
      return (await get(id)) ?? before;
    },

    async authenticate(key, context) {
      const match = KEY_PATTERN.exec(key);
      if (!match) return { ok: false, reason: "malformed" };
      const row = await db
        .prepare(`SELECT ${COLUMNS} FROM api_keys WHERE prefix = ?`)
        .bind(match[1] ?? "")
        .first<KeyRow>();
      const presented = await sha256Hex(key);
      const equal = constantTimeEqual(presented, row?.key_hash ?? (await decoy));
      if (!row || !equal) return { ok: false, reason: "unknown" };
      if (row.revoked_at) return { ok: false, reason: "revoked" };
      const at = context.now ?? now();
      if (row.expires_at && Date.parse(row.expires_at) <= at.getTime()) return { ok: false, reason: "expired" };
      const ip = context.ip ?? null;
      const stale = new Date(at.getTime() - TOUCH_INTERVAL_MS).toISOString();
      // Most requests find the mark fresh: they skip the write (the statement re-checks, for concurrent requests).
      const fresh = row.last_used_at !== null && row.last_used_at >= stale && row.last_used_ip === ip;
      if (!fresh) {
        await db
          .prepare(
            `UPDATE api_keys SET last_used_at = ?, last_used_ip = ?
             WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ? OR last_used_ip IS NOT ?)`,
          )
          .bind(at.toISOString(), ip, row.id, stale, ip)
          .run();
      }
      const record = toRecord(row);
      return {
        ok: true,
        principal: { kind: "key", id: row.id, prefix: row.prefix, role: record.role, actor: `key:${row.id}` },
      };
    },
  };
}
