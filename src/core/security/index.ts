import type { KeyValue, SqlDatabase } from "../ports";
import { type ApiKeys, createApiKeys, type KeyPrincipal } from "./api-keys";
import { type AuditLog, createAuditLog } from "./audit-log";
import type { ScryptFunction, ScryptParams } from "./password";
import { createSessions, type Sessions } from "./sessions";
import { createFirstAdminSetup, type FirstAdminSetup } from "./setup";
import { createUsers, type LockoutPolicy, type UserPrincipal, type Users } from "./users";

export type { ApiKeyRecord, ApiKeys, KeyAuthentication, KeyPrincipal, KeyRefusal } from "./api-keys";
export type { Actor, AuditEntry, AuditEntryInput } from "./audit-entry";
export type { AuditHead, AuditLog, AuditProblem, AuditVerification } from "./audit-log";
export type { ScryptFunction, ScryptParams } from "./password";
export {
  ANONYMOUS_READ,
  can,
  canDeleteDocument,
  isRole,
  PERMISSIONS,
  type Permission,
  ROLES,
  type Role,
} from "./roles";
export type { SessionRecord, Sessions } from "./sessions";
export type { FirstAdminSetup } from "./setup";
export type { LockoutPolicy, LoginRefusal, LoginResult, UserPrincipal, UserRecord, Users } from "./users";

/** Whoever a request or command acts for, once authenticated. */
export type Principal = KeyPrincipal | UserPrincipal;

export interface Security {
  audit: AuditLog;
  keys: ApiKeys;
  users: Users;
  sessions: Sessions;
  /** The one-time first-admin link, open while no admin exists. */
  setup: FirstAdminSetup;
}

/**
 * The audit log, API keys and local users over one database (migrations/0005_security.sql), and browser sessions in
 * the key-value store. Every change to keys and users is recorded in the audit log in the same batch as the change.
 */
export function createSecurity(options: {
  db: SqlDatabase;
  kv: KeyValue;
  /** Absolute lifetime of a session (default 8 hours). */
  sessionTtlSeconds?: number;
  now?: () => Date;
  /** Password hashing cost (default: DEFAULT_SCRYPT) and, on Node, a native scrypt giving the same bytes. */
  scryptParams?: ScryptParams;
  scrypt?: ScryptFunction;
  lockout?: Partial<LockoutPolicy>;
}): Security {
  const audit = createAuditLog({ db: options.db, now: options.now });
  const users = createUsers({ ...options, audit });
  return {
    audit,
    keys: createApiKeys({ db: options.db, audit, now: options.now }),
    users,
    setup: createFirstAdminSetup({ kv: options.kv, users }),
    sessions: createSessions({ kv: options.kv, ttlSeconds: options.sessionTtlSeconds ?? 8 * 3600, now: options.now }),
  };
}
