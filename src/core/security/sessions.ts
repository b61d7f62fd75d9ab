import type { KeyValue } from "../ports";
import { base32, randomBytes, sha256Hex } from "./encoding";
import type { Role } from "./roles";

/** A signed-in browser: who it acts for, how it signed in, and the token its cookie-authenticated writes must echo. */
export interface SessionRecord {
  /** What audit entries and `documents.uploaded_by` record: `user:<id>` or `oidc:<issuer-subject>`. */
  actor: string;
  role: Role;
  /** Shown in the interface: the account name or the provider's name/email claim. */
  name: string;
  via: "password" | "oidc";
  /** Sent back in `X-CSRF-Token` on every unsafe request authenticated by the session cookie. */
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

export interface Sessions {
  /**
   * Starts a session and returns its id, which only the cookie holds: the store keys the session by the id's
   * SHA-256, so a leaked listing of the store cannot be replayed as a cookie.
   */
  create(input: Omit<SessionRecord, "csrfToken" | "createdAt" | "expiresAt">): Promise<{
    id: string;
    record: SessionRecord;
  }>;
  /** The live session, or null when the id is unknown, ended or expired. Never throws for a bad id. */
  get(id: string): Promise<SessionRecord | null>;
  /** Ends the session on the server; ending an unknown or ended session does nothing. */
  end(id: string): Promise<void>;
}

const ID_PATTERN = /^[a-z2-7]{52}$/;
const PREFIX = "session:";

/**
 * Sessions in the key-value store (SQLite on Node, KV on Workers) with an absolute lifetime. KV is eventually
 * consistent across locations, so a sign-out may take up to a minute to reach every edge there; API keys, which
 * are checked against the database on every request, have no such delay.
 */
export function createSessions(options: { kv: KeyValue; ttlSeconds: number; now?: () => Date }): Sessions {
  const now = options.now ?? (() => new Date());
  const keyOf = async (id: string) => `${PREFIX}${await sha256Hex(id)}`;
  return {
    async create(input) {
      const id = base32(randomBytes(32));
      const created = now();
      const expires = new Date(created.getTime() + options.ttlSeconds * 1000);
      const record: SessionRecord = {
        ...input,
        csrfToken: base32(randomBytes(32)),
        createdAt: created.toISOString(),
        expiresAt: expires.toISOString(),
      };
      await options.kv.put(await keyOf(id), JSON.stringify(record), {
        expiration: Math.ceil(expires.getTime() / 1000),
      });
      return { id, record };
    },
    async get(id) {
      if (!ID_PATTERN.test(id)) return null;
      const record = await options.kv.get<SessionRecord>(await keyOf(id), "json");
      if (!record || Date.parse(record.expiresAt) <= now().getTime()) return null;
      return record;
    },
    async end(id) {
      if (!ID_PATTERN.test(id)) return;
      await options.kv.delete(await keyOf(id));
    },
  };
}
