import { AppError } from "../errors";
import type { KeyValue } from "../ports";
import type { Actor } from "./audit-entry";
import { base32, constantTimeEqual, randomBytes, sha256Hex } from "./encoding";
import type { UserRecord, Users } from "./users";

/** The one live setup token's SHA-256; a fresh start replaces it, so only the latest printed link works. */
const TOKEN_KEY = "setup:first-admin";
/** How long a printed setup link stays valid. */
export const SETUP_TOKEN_SECONDS = 24 * 3600;

export interface FirstAdminSetup {
  /** Whether an enabled admin account exists; once one does, setup is closed for good. */
  hasAdmin(): Promise<boolean>;
  /** Whether setup is open: no admin yet and a token has been issued (and not yet used or expired). */
  required(): Promise<boolean>;
  /**
   * A new one-time token when no admin exists (replacing any earlier one), else null. Only its SHA-256 is stored,
   * so the token lives only in the link printed on the server's console.
   */
  issue(): Promise<string | null>;
  /**
   * Creates the first admin with the token (audited as `user.create` by `setup`) and consumes the token. Throws
   * `conflict` once an admin exists, `forbidden` for a wrong, used or expired token, `bad_request` for a name or
   * password the account rules refuse (the token then stays valid).
   */
  complete(
    input: { token: string; name: string; password: string },
    context: { ip?: string | null },
  ): Promise<UserRecord>;
}

/**
 * The first-admin link. A fresh installation has no account that could create one over HTTP, so the Node server
 * prints a one-time link at start; whoever can read the server's console may open it. On Workers no token is ever
 * issued unless an operator stores one, so setup stays closed there and admins are created with the CLI against D1.
 */
export function createFirstAdminSetup(options: { kv: KeyValue; users: Users }): FirstAdminSetup {
  const { kv, users } = options;
  // Serialises completions within a process: two requests racing with the same token must not make two admins.
  let queue: Promise<unknown> = Promise.resolve();

  const hasAdmin = async () => (await users.list()).some((u) => u.role === "admin" && !u.disabledAt);

  return {
    hasAdmin,

    async required() {
      return (await kv.get(TOKEN_KEY)) !== null && !(await hasAdmin());
    },

    async issue() {
      if (await hasAdmin()) {
        await kv.delete(TOKEN_KEY);
        return null;
      }
      const token = base32(randomBytes(32));
      await kv.put(TOKEN_KEY, await sha256Hex(token), { expirationTtl: SETUP_TOKEN_SECONDS });
      return token;
    },

    complete(input, context) {
      const run = queue.then(async () => {
        if (await hasAdmin()) throw new AppError("conflict", "an administrator already exists; sign in instead");
        const stored = await kv.get(TOKEN_KEY);
        if (!stored || !constantTimeEqual(stored, await sha256Hex(input.token))) {
          throw new AppError("forbidden", "the setup link is not valid, was used, or has expired");
        }
        const by: Actor = { actor: "setup", ip: context.ip ?? null };
        const user = await users.create({ name: input.name, password: input.password, role: "admin" }, by);
        await kv.delete(TOKEN_KEY);
        return user;
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
