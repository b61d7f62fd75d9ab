import { env } from "cloudflare:workers";
import { createSecurity, type Role } from "../../src/core/security";

const keys = new Map<Role, { key: string; prefix: string }>();

/**
 * Headers with an API key of the role, made in D1 the way `opendiscourse keys create` makes one: the Worker, like
 * the Node server, answers nothing but health without a credential. The key is made again when the storage a test
 * ran on was rolled back under it.
 */
export async function workerAuth(role: Role = "admin"): Promise<Record<string, string>> {
  let made = keys.get(role);
  const live = made && (await env.DB.prepare("SELECT 1 FROM api_keys WHERE prefix = ?").bind(made.prefix).first());
  if (!made || !live) {
    const security = createSecurity({ db: env.DB, kv: env.CACHE });
    const { key, record } = await security.keys.create({ role, name: `test ${role}` }, { actor: "cli" });
    made = { key, prefix: record.prefix };
    keys.set(role, made);
  }
  return { authorization: `Bearer ${made.key}` };
}
