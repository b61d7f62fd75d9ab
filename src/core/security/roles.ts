/**
 * Roles and what each may do. One table, keyed by permission, so that routes and commands name the permission they
 * need and the mapping to roles lives here alone.
 */
export const ROLES = ["viewer", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];

const ALL: readonly Role[] = ["viewer", "editor", "admin"];
const EDITORS: readonly Role[] = ["editor", "admin"];
const ADMINS: readonly Role[] = ["admin"];

/** Every permission and the roles that hold it. */
export const PERMISSIONS = {
  /** Read documents, their text, metadata, people and legislation. */
  "documents:read": ALL,
  /** Keyword, semantic and hybrid search. */
  "search:query": ALL,
  /** Upload (ingest) documents. */
  "documents:write": EDITORS,
  /** Delete documents one uploaded. */
  "documents:delete-own": EDITORS,
  /** Delete any document. */
  "documents:delete-any": ADMINS,
  "jobs:read": EDITORS,
  "jobs:retry": ADMINS,
  "keys:manage": ADMINS,
  "users:manage": ADMINS,
  "audit:read": ADMINS,
  "settings:manage": ADMINS,
  "retention:manage": ADMINS,
  /** Metrics and detailed health (liveness stays public). */
  "metrics:read": ADMINS,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** What callers without a credential may do when anonymous reading is on: read and search, never write. */
export const ANONYMOUS_READ: readonly Permission[] = ["documents:read", "search:query"];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Whether the role holds the permission; an unknown role or permission holds nothing. */
export function can(role: Role, permission: Permission): boolean {
  const roles: readonly Role[] | undefined = PERMISSIONS[permission];
  return roles?.includes(role) ?? false;
}

/**
 * Whether `actor` (as recorded in `documents.uploaded_by`, e.g. `user:<id>` or `key:<id>`) may delete a document
 * uploaded by `uploadedBy`: anyone with `documents:delete-any`, or its uploader with `documents:delete-own`.
 */
export function canDeleteDocument(principal: { role: Role; actor: string }, uploadedBy: string): boolean {
  if (can(principal.role, "documents:delete-any")) return true;
  return can(principal.role, "documents:delete-own") && principal.actor === uploadedBy;
}
