import { AppError } from "../errors";
import type { SqlDatabase } from "../ports";
import type { Actor } from "./audit-entry";
import type { AuditLog } from "./audit-log";
import { hashPassword, needsRehash, type ScryptFunction, type ScryptParams, verifyPassword } from "./password";
import { isRole, type Role } from "./roles";

export interface UserRecord {
  id: string;
  name: string;
  role: Role;
  disabledAt: string | null;
  failedAttempts: number;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface UserPrincipal {
  kind: "user";
  id: string;
  name: string;
  role: Role;
  actor: `user:${string}`;
}

export type LoginRefusal = "invalid" | "locked" | "disabled";
export type LoginResult =
  | { ok: true; principal: UserPrincipal }
  | { ok: false; reason: LoginRefusal; lockedUntil?: string };

export interface LockoutPolicy {
  /** Consecutive failures that lock the account (default 5). */
  maxFailures: number;
  /** First lock; each further failure doubles it (default 60 s). */
  lockSeconds: number;
  /** The longest lock (default 1 hour). */
  maxLockSeconds: number;
}

export interface Users {
  /** Creates a user; throws `conflict` when the name (compared case-insensitively) is taken. Audited. */
  create(input: { name: string; role: Role; password: string }, by: Actor): Promise<UserRecord>;
  list(): Promise<UserRecord[]>;
  /** The user by name, or null. */
  get(name: string): Promise<UserRecord | null>;
  /** The user by id, or null: how a signed-in session finds its account's current role and state. */
  getById(id: string): Promise<UserRecord | null>;
  /** Throws `not_found` for an unknown name. Audited with the old and new role. */
  setRole(name: string, role: Role, by: Actor): Promise<UserRecord>;
  /** Disables the user (idempotent; audited the first time). Throws `not_found` for an unknown name. */
  disable(name: string, by: Actor): Promise<UserRecord>;
  /** Enables a disabled user again (idempotent; audited when it changes something). Throws `not_found`. */
  enable(name: string, by: Actor): Promise<UserRecord>;
  /**
   * Checks a password. A locked account is refused without checking it; each failure counts, and `maxFailures` in
   * a row lock the account for a time that doubles with each further failure (the lock is audited). Success resets
   * the count. An unknown name costs the same scrypt work as a known one. Never throws for bad credentials.
   */
  verify(name: string, password: string, context: { ip?: string | null; now?: Date }): Promise<LoginResult>;
}

interface UserRow {
  id: string;
  name: string;
  role: string;
  password_hash: string;
  disabled_at: string | null;
  failed_attempts: number;
  locked_until: string | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

const COLUMNS =
  "id, name, role, password_hash, disabled_at, failed_attempts, locked_until, last_login_at, created_at, updated_at";

function toRecord(row: UserRow): UserRecord {
  if (!isRole(row.role)) throw new AppError("internal", `user ${row.id} has an unknown role`);
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    disabledAt: row.disabled_at,
    failedAttempts: row.failed_attempts,
    lockedUntil: row.locked_until,
    lastLoginAt: row.last_login_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function createUsers(options: {
  db: SqlDatabase;
  audit: AuditLog;
  now?: () => Date;
  scryptParams?: ScryptParams;
  scrypt?: ScryptFunction;
  lockout?: Partial<LockoutPolicy>;
}): Users {
  const { db, audit } = options;
  const now = options.now ?? (() => new Date());
  const hashing = { params: options.scryptParams, scrypt: options.scrypt };
  const policy: LockoutPolicy = { maxFailures: 5, lockSeconds: 60, maxLockSeconds: 3600, ...options.lockout };
  let decoy: Promise<string> | undefined;

  const row = (name: string) => db.prepare(`SELECT ${COLUMNS} FROM users WHERE name = ?`).bind(name).first<UserRow>();
  const get = async (name: string) => {
    const found = await row(name);
    return found ? toRecord(found) : null;
  };
  const existing = async (name: string) => {
    const found = await get(name);
    if (!found) throw new AppError("not_found", `no user "${name}"`);
    return found;
  };

  async function recordFailure(user: UserRow, ip: string | null, at: Date): Promise<LoginResult> {
    const counted = await db
      .prepare("UPDATE users SET failed_attempts = failed_attempts + 1 WHERE id = ? RETURNING failed_attempts")
      .bind(user.id)
      .first<{ failed_attempts: number }>();
    const failures = counted?.failed_attempts ?? 0;
    if (failures < policy.maxFailures) return { ok: false, reason: "invalid" };
    const seconds = Math.min(policy.lockSeconds * 2 ** (failures - policy.maxFailures), policy.maxLockSeconds);
    const lockedUntil = new Date(at.getTime() + seconds * 1000).toISOString();
    await audit.append(
      { actor: "anonymous", ip, action: "user.lock", target: `user:${user.id}`, after: { failures, lockedUntil } },
      { statements: [db.prepare("UPDATE users SET locked_until = ? WHERE id = ?").bind(lockedUntil, user.id)] },
    );
    return { ok: false, reason: "invalid" };
  }

  return {
    get,

    async getById(id) {
      const found = await db.prepare(`SELECT ${COLUMNS} FROM users WHERE id = ?`).bind(id).first<UserRow>();
      return found ? toRecord(found) : null;
    },

    async create(input, by) {
      if (!isRole(input.role)) throw new AppError("bad_request", `unknown role "${String(input.role)}"`);
      const name = input.name.trim();
      if (!/^[\w.@-]{1,64}$/.test(name)) {
        throw new AppError("bad_request", "a user name is 1-64 letters, digits, '.', '_', '-' or '@'");
      }
      if (input.password.length < 12) throw new AppError("bad_request", "a password needs at least 12 characters");
      if (await row(name)) throw new AppError("conflict", `a user "${name}" already exists`);
      const id = crypto.randomUUID();
      const at = now().toISOString();
      const insert = db
        .prepare(`INSERT INTO users (id, name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`)
        .bind(id, name, input.role, await hashPassword(input.password, hashing), at, at);
      try {
        await audit.append(
          { ...by, action: "user.create", target: `user:${id}`, after: { name, role: input.role } },
          { statements: [insert] },
        );
      } catch (error) {
        if (error instanceof Error && /UNIQUE constraint failed: users\.name/.test(error.message)) {
          throw new AppError("conflict", `a user "${name}" already exists`);
        }
        throw error;
      }
      return existing(name);
    },

    async list() {
      const { results } = await db.prepare(`SELECT ${COLUMNS} FROM users ORDER BY name`).all<UserRow>();
      return results.map(toRecord);
    },

    async setRole(name, role, by) {
      if (!isRole(role)) throw new AppError("bad_request", `unknown role "${String(role)}"`);
      const before = await existing(name);
      const update = db
        .prepare("UPDATE users SET role = ?, updated_at = ? WHERE id = ?")
        .bind(role, now().toISOString(), before.id);
      await audit.append(
        { ...by, action: "user.set-role", target: `user:${before.id}`, before: { role: before.role }, after: { role } },
        { statements: [update] },
      );
      return existing(name);
    },

    async disable(name, by) {
      const before = await existing(name);
      if (before.disabledAt) return before;
      const at = now().toISOString();
      const update = db
        .prepare("UPDATE users SET disabled_at = ?, updated_at = ? WHERE id = ? AND disabled_at IS NULL")
        .bind(at, at, before.id);
      await audit.append(
        { ...by, action: "user.disable", target: `user:${before.id}`, after: { disabledAt: at } },
        { statements: [update] },
      );
      return existing(name);
    },

    async enable(name, by) {
      const before = await existing(name);
      if (!before.disabledAt) return before;
      const update = db
        .prepare("UPDATE users SET disabled_at = NULL, updated_at = ? WHERE id = ?")
        .bind(now().toISOString(), before.id);
      await audit.append(
        { ...by, action: "user.enable", target: `user:${before.id}`, before: { disabledAt: before.disabledAt } },
        { statements: [update] },
      );
      return existing(name);
    },

    async verify(name, password, context) {
      const at = context.now ?? now();
      const ip = context.ip ?? null;
      const user = await row(name.trim());
      if (!user) {
        decoy ??= hashPassword("decoy password", hashing);
        await verifyPassword(password, await decoy, hashing);
        return { ok: false, reason: "invalid" };
      }
      if (user.locked_until && Date.parse(user.locked_until) > at.getTime()) {
        return { ok: false, reason: "locked", lockedUntil: user.locked_until };
      }
      if (!(await verifyPassword(password, user.password_hash, hashing))) return recordFailure(user, ip, at);
      if (user.disabled_at) return { ok: false, reason: "disabled" };
      const rehash = needsRehash(user.password_hash, options.scryptParams)
        ? await hashPassword(password, hashing)
        : user.password_hash;
      await db
        .prepare(
          "UPDATE users SET failed_attempts = 0, locked_until = NULL, last_login_at = ?, password_hash = ? WHERE id = ?",
        )
        .bind(at.toISOString(), rehash, user.id)
        .run();
      const role = toRecord(user).role;
      return { ok: true, principal: { kind: "user", id: user.id, name: user.name, role, actor: `user:${user.id}` } };
    },
  };
}
