import { nativeScrypt } from "../adapters/node/native-scrypt";
import { createSqliteKeyValue } from "../adapters/node/sqlite-key-value";
import type { AppConfig } from "../core/config";
import { AppError } from "../core/errors";
import { type AuditHead, createSecurity, isRole, type Role, type Security } from "../core/security";
import { openDataDatabase } from "./node-runtime";

/** The flags of `users`, `keys` and `audit`, merged into the CLI's parseArgs options. */
export const SECURITY_FLAGS = {
  role: { type: "string" },
  expires: { type: "string" },
  name: { type: "string" },
  "password-stdin": { type: "boolean" },
  expect: { type: "string" },
} as const;

export interface SecurityFlags {
  role?: string;
  expires?: string;
  name?: string;
  "password-stdin"?: boolean;
  expect?: string;
  json?: boolean;
}

/** Everything the CLI changes is audited as `cli`: whoever can run it owns the data folder. */
const CLI = { actor: "cli" } as const;

/**
 * `opendiscourse users|keys|audit …`. Works beside a running server: both open the same SQLite file (WAL), so a
 * key revoked here is refused by the server's next request.
 */
export async function runSecurity(
  config: AppConfig,
  command: "users" | "keys" | "audit",
  args: string[],
  flags: SecurityFlags,
): Promise<number> {
  const { db } = openDataDatabase(config);
  try {
    const security = createSecurity({ db, kv: createSqliteKeyValue({ db }), scrypt: nativeScrypt });
    if (command === "users") return await runUsers(security, args, flags);
    if (command === "keys") return await runKeys(security, args, flags);
    return await runAudit(security, args, flags);
  } finally {
    await db.close();
  }
}

function requireRole(value: string | undefined, what: string): Role {
  if (!isRole(value)) throw new AppError("bad_request", `${what} needs --role viewer, editor or admin`);
  return value;
}

const print = (line: string) => process.stdout.write(`${line}\n`);

async function runUsers(security: Security, args: string[], flags: SecurityFlags): Promise<number> {
  const [action, name, role] = args;
  switch (action) {
    case "create": {
      if (!name) throw new AppError("bad_request", "users create needs a NAME");
      const userRole = requireRole(flags.role, "users create");
      const password = flags["password-stdin"] ? await readStdin() : await promptPassword();
      const user = await security.users.create({ name, role: userRole, password }, CLI);
      print(flags.json ? JSON.stringify(user) : `created user ${user.name} (${user.role})`);
      return 0;
    }
    case "list": {
      const users = await security.users.list();
      if (flags.json) print(JSON.stringify(users));
      else if (users.length === 0) print("No users.");
      for (const u of flags.json ? [] : users) {
        const state = u.disabledAt
          ? "disabled"
          : u.lockedUntil && Date.parse(u.lockedUntil) > Date.now()
            ? "locked"
            : "active";
        print(`${u.name.padEnd(24)} ${u.role.padEnd(7)} ${state.padEnd(9)} last login ${u.lastLoginAt ?? "never"}`);
      }
      return 0;
    }
    case "set-role": {
      if (!name) throw new AppError("bad_request", "users set-role needs NAME and ROLE");
      const user = await security.users.setRole(name, requireRole(role ?? flags.role, "users set-role NAME"), CLI);
      print(`${user.name} is now ${user.role}`);
      return 0;
    }
    case "disable": {
      if (!name) throw new AppError("bad_request", "users disable needs a NAME");
      const user = await security.users.disable(name, CLI);
      print(`disabled user ${user.name}`);
      return 0;
    }
    default:
      throw new AppError(
        "bad_request",
        `unknown users action "${action ?? ""}"; use create, list, set-role or disable`,
      );
  }
}

async function runKeys(security: Security, args: string[], flags: SecurityFlags): Promise<number> {
  const [action, id] = args;
  switch (action) {
    case "create": {
      const role = requireRole(flags.role, "keys create");
      const expiresAt = flags.expires === undefined ? null : new Date(flags.expires);
      if (expiresAt && Number.isNaN(expiresAt.getTime())) {
        throw new AppError(
          "bad_request",
          `--expires: "${flags.expires}" is not a date (use 2026-12-31 or an ISO time)`,
        );
      }
      const { key, record } = await security.keys.create({ role, name: flags.name ?? null, expiresAt }, CLI);
      if (flags.json) {
        print(JSON.stringify({ id: record.id, key, prefix: record.prefix, role, expiresAt: record.expiresAt }));
      } else {
        print(key);
        process.stderr.write(
          `API key ${record.id} (${role}${record.expiresAt ? `, expires ${record.expiresAt}` : ""}): shown once, store it now\n`,
        );
      }
      return 0;
    }
    case "list": {
      const keys = await security.keys.list();
      if (flags.json) print(JSON.stringify(keys));
      else if (keys.length === 0) print("No API keys.");
      for (const k of flags.json ? [] : keys) {
        const state = k.revokedAt
          ? "revoked"
          : k.expiresAt && Date.parse(k.expiresAt) <= Date.now()
            ? "expired"
            : "active";
        print(
          `${k.id}  od_${k.prefix}_…  ${k.role.padEnd(6)} ${state.padEnd(7)} ${k.name ?? ""}  last used ${k.lastUsedAt ?? "never"}${k.lastUsedIp ? ` from ${k.lastUsedIp}` : ""}`,
        );
      }
      return 0;
    }
    case "revoke": {
      if (!id) throw new AppError("bad_request", "keys revoke needs an ID (see keys list)");
      const record = await security.keys.revoke(id, CLI);
      print(`revoked key ${record.id} (od_${record.prefix}_…)`);
      return 0;
    }
    default:
      throw new AppError("bad_request", `unknown keys action "${action ?? ""}"; use create, list or revoke`);
  }
}

async function runAudit(security: Security, args: string[], flags: SecurityFlags): Promise<number> {
  const [action] = args;
  if (action === "head") {
    const head = await security.audit.head();
    print(flags.json ? JSON.stringify(head) : `${head.seq}:${head.hash}`);
    return 0;
  }
  if (action === "verify") {
    const expectHead = flags.expect === undefined ? undefined : parseHead(flags.expect);
    const result = await security.audit.verify({ expectHead });
    if (result.ok) {
      const against = expectHead ? `, still holding entry ${expectHead.seq} as recorded` : "";
      print(`audit log intact: ${result.count} entries, head ${result.head.hash}${against}`);
      return 0;
    }
    process.stderr.write(`audit log broken at entry ${result.seq} (${result.problem}): ${result.message}\n`);
    return 1;
  }
  if (action === "export") {
    for await (const line of security.audit.exportJsonl()) {
      if (!process.stdout.write(line)) await new Promise((resolve) => process.stdout.once("drain", resolve));
    }
    return 0;
  }
  throw new AppError("bad_request", `unknown audit action "${action ?? ""}"; use head, verify or export`);
}

/** `SEQ:HASH` as `audit head` prints it, recorded outside the database. */
function parseHead(text: string): AuditHead {
  const match = /^(\d{1,15}):([0-9a-f]{64})$/i.exec(text.trim());
  if (!match?.[1] || !match[2]) {
    throw new AppError("bad_request", `--expect: "${text}" is not SEQ:HASH as printed by "audit head"`);
  }
  return { seq: Number(match[1]), hash: match[2].toLowerCase() };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One trailing newline belongs to the pipe (`echo`), not to the password.
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

/** Asks twice on the terminal without echoing; refuses when there is no terminal to ask on. */
async function promptPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    throw new AppError("bad_request", "no terminal to ask for a password on; pass it with --password-stdin");
  }
  const first = await readHidden("Password: ");
  const second = await readHidden("Repeat password: ");
  if (first !== second) throw new AppError("bad_request", "the passwords do not match");
  return first;
}

function readHidden(prompt: string): Promise<string> {
  process.stderr.write(prompt);
  const stdin = process.stdin;
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding("utf8");
  return new Promise((resolve, reject) => {
    let value = "";
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      process.stderr.write("\n");
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (text: string) => {
      for (const c of text) {
        if (c === "\r" || c === "\n") return done();
        if (c === "\u0003") return done(new AppError("bad_request", "cancelled"));
        if (c === "\u007f" || c === "\b") value = value.slice(0, -1);
        else value += c;
      }
    };
    stdin.on("data", onData);
  });
}
