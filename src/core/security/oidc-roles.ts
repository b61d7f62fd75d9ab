import { AppError } from "../errors";
import { isRole, ROLES, type Role } from "./roles";

/** How a provider's claims become a role: `oidcRoleClaim`, `oidcRoleMap` and `oidcDefaultRole` as configured. */
export interface RoleMapping {
  /** The claim holding groups or roles; a dotted path (`realm_access.roles`) reaches into nested objects. */
  claim: string;
  /** Claim value → role. */
  map: ReadonlyMap<string, Role>;
  /** The role of a user whom no mapping names, or null to refuse them. */
  fallback: Role | null;
}

/**
 * Parses `staff=editor,ops=admin`. A typo here would quietly lock people out (or let them in), so an unknown role or
 * a malformed pair is an error at start, not a silent skip.
 */
export function parseRoleMapping(options: { claim: string; map: string; defaultRole: string }): RoleMapping {
  const map = new Map<string, Role>();
  for (const pair of options.map.split(",")) {
    if (!pair.trim()) continue;
    const at = pair.lastIndexOf("=");
    const value = pair.slice(0, at).trim();
    const role = pair.slice(at + 1).trim();
    if (at <= 0 || !value) throw new AppError("bad_request", `oidcRoleMap: "${pair.trim()}" is not value=role`);
    if (!isRole(role)) throw new AppError("bad_request", `oidcRoleMap: unknown role "${role}" for "${value}"`);
    map.set(value, role);
  }
  const fallback = options.defaultRole === "none" ? null : options.defaultRole;
  if (fallback !== null && !isRole(fallback)) {
    throw new AppError("bad_request", `oidcDefaultRole: unknown role "${options.defaultRole}"`);
  }
  return { claim: options.claim, map, fallback };
}

/** The claim's values as strings: an array claim, a single string, or a space- or comma-separated string. */
function claimValues(claims: Record<string, unknown>, path: string): string[] {
  let value: unknown = claims[path];
  if (value === undefined && path.includes(".")) {
    value = claims;
    for (const part of path.split(".")) {
      value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[part] : undefined;
    }
  }
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  if (typeof value === "string") return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

/**
 * The highest role any of the user's groups maps to, else the default; null when neither gives one (the caller
 * refuses the sign-in). Highest wins because groups accumulate: being in `staff` must not cap someone also in `ops`.
 */
export function roleFromClaims(claims: Record<string, unknown>, mapping: RoleMapping): Role | null {
  let best = -1;
  for (const value of claimValues(claims, mapping.claim)) {
    const role = mapping.map.get(value);
    if (role) best = Math.max(best, ROLES.indexOf(role));
  }
  return best >= 0 ? (ROLES[best] ?? null) : mapping.fallback;
}

/** What the interface shows for the user: the first of `name`, `email`, `preferred_username`, else the subject. */
export function displayName(claims: Record<string, unknown>, subject: string): string {
  for (const key of ["name", "email", "preferred_username"]) {
    const value = claims[key];
    if (typeof value === "string" && value.trim()) return value.trim().slice(0, 200);
  }
  return subject;
}
