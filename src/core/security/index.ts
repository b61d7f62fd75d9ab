import type { SqlDatabase } from "../ports";
import { type ApiKeys, createApiKeys, type KeyPrincipal } from "./api-keys";
import { type AuditLog, createAuditLog } from "./audit-log";
import type { ScryptFunction, ScryptParams } from "./password";
import { createUsers, type LockoutPolicy, type UserPrincipal, type Users } from "./users";

export type { ApiKeyRecord, ApiKeys, KeyAuthentication, KeyPrincipal, KeyRefusal } from "./api-keys";
export type { Actor, AuditEntry, AuditEntryInput } from "./audit-entry";
export type { AuditHead, AuditLog, AuditProblem, AuditVerification } from "./audit-log";
export type { ScryptFunction, ScryptParams } from "./password";
export { can, canDeleteDocument, isRole, PERMISSIONS, type Permission, ROLES, type Role } from "./roles";
export type { LockoutPolicy, LoginRefusal, LoginResult, UserPrincipal, UserRecord, Users } from "./users";

/** Whoever a request or command acts for, once authenticated. */
export type Principal = KeyPrincipal | UserPrincipal;

export interface Security {
  audit: AuditLog;
  keys: ApiKeys;
  users: Users;
}

/**
 * The audit log, API keys and local users over one database (migrations/0005_security.sql). Every change they make
 * is recorded in the audit log in the same batch as the change itself.
 */
export function createSecurity(options: {
  db: SqlDatabase;
  now?: () => Date;
  /** Password hashing cost (default: DEFAULT_SCRYPT) and, on Node, a native scrypt giving the same bytes. */
  scryptParams?: ScryptParams;
  scrypt?: ScryptFunction;
  lockout?: Partial<LockoutPolicy>;
}): Security {
  const audit = createAuditLog({ db: options.db, now: options.now });
  return {
    audit,
    keys: createApiKeys({ db: options.db, audit, now: options.now }),
    users: createUsers({ ...options, audit }),
  };
}
