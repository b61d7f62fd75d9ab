import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openEncryptedFsBlobs } from "../adapters/node/encrypted-fs-blobs";
import { createFsBlobStore } from "../adapters/node/fs-blob-store";
import { masterKeyFilePath, readMasterKeyFile, writeMasterKeyFile } from "../adapters/node/master-key-file";
import type { AppConfig } from "../core/config";
import { AppError } from "../core/errors";
import type { Logger } from "../core/observability";
import type { SqlDatabase } from "../core/ports";
import {
  createKeyring,
  encryptExisting,
  encryptionStatus,
  generateMasterKey,
  type MasterKeyFile,
  type MasterKeyMaterial,
  parseMasterKeyFile,
  parseMasterKeySetting,
  rewrapDataKeys,
} from "../core/security/encryption";
import { openDataDatabase } from "./node-runtime";

/** The flags of `encryption`, merged into the CLI's parseArgs options. */
export const ENCRYPTION_FLAGS = { "new-key-file": { type: "string" } } as const;

export interface EncryptionFlags {
  "new-key-file"?: string;
  json?: boolean;
}

/**
 * A server on the same data folder may have started a write with the old key just before the rotation: a moment
 * for it to land before the last pass, so the old key is removed only when nothing uses it.
 */
const SETTLE_MS = 2000;

const print = (line: string) => process.stdout.write(`${line}\n`);
const progress = (line: string) => process.stderr.write(`${line}\n`);

/** `opendiscourse encryption status | rotate-master | encrypt-existing`, on the data folder. */
export async function runEncryption(
  config: AppConfig,
  logger: Logger,
  args: string[],
  flags: EncryptionFlags,
): Promise<number> {
  const [action] = args;
  const { db } = openDataDatabase(config);
  try {
    switch (action) {
      case "status":
        return await status(config, db, logger, flags);
      case "rotate-master":
        return await rotateMaster(config, db, flags);
      case "encrypt-existing": {
        const { blobs, inner } = await openEncryptedFsBlobs(config, { db, logger });
        const result = await encryptExisting({ db, inner, encrypted: blobs, onObject: (key) => progress(key) });
        print(`encrypted ${result.encrypted} object(s) stored in plaintext`);
        return 0;
      }
      default:
        throw new AppError(
          "bad_request",
          `unknown encryption action "${action ?? ""}"; use status, rotate-master or encrypt-existing`,
        );
    }
  } finally {
    await db.close();
  }
}

async function status(config: AppConfig, db: SqlDatabase, logger: Logger, flags: EncryptionFlags): Promise<number> {
  const keyring = config.masterKey
    ? await createKeyring(await parseMasterKeySetting(config.masterKey))
    : await keyringFromFile(masterKeyFilePath(config), logger);
  const inner = createFsBlobStore({ root: join(config.dataDir, "blobs") });
  const result = await encryptionStatus({ db, inner, keyring });
  if (flags.json) {
    print(JSON.stringify({ ...result, masterKeys: keyring?.ids ?? [] }));
    return 0;
  }
  print(`current master key: ${result.currentMasterKeyId ?? "none configured"}`);
  print(`master keys available: ${keyring?.ids.join(", ") || "none"}`);
  print(`encrypted objects: ${result.encryptedObjects}`);
  for (const row of result.byMasterKey) {
    const pending = row.pending > 0 ? ` (${row.pending} unfinished writes)` : "";
    print(`  ${row.masterKeyId}: ${row.objects} data key(s)${pending}`);
  }
  print(`plaintext objects (stored before encryption): ${result.plaintextObjects}`);
  return 0;
}

async function keyringFromFile(path: string, logger: Logger) {
  const file = await readMasterKeyFile(path, logger);
  return file ? createKeyring(file.keys, { current: file.current }) : null;
}

async function readNewKey(path: string): Promise<MasterKeyMaterial> {
  const file = await parseMasterKeyFile(readFileSync(path, "utf8"), `--new-key-file ${path}`);
  const key = file.keys.find((k) => k.id === file.current);
  if (!key) throw new AppError("bad_request", `--new-key-file ${path} holds no current key`);
  return key;
}

/**
 * Puts a new master key in place and rewraps every data key with it, the objects untouched. The key file keeps
 * the old key beside the new one until every data key is rewrapped; a run that stops is finished by running again.
 */
async function rotateMaster(config: AppConfig, db: SqlDatabase, flags: EncryptionFlags): Promise<number> {
  const newKeyFile = flags["new-key-file"];
  if (config.masterKey) {
    // The key comes from the environment, which this command cannot change: rewrap, then say what to set.
    if (!newKeyFile) {
      throw new AppError("bad_request", "the master key is set by OPENDISCOURSE_MASTER_KEY: pass --new-key-file FILE");
    }
    const next = await readNewKey(newKeyFile);
    const keyring = await createKeyring([next, ...(await parseMasterKeySetting(config.masterKey))]);
    const { rewrapped } = await rewrapDataKeys({ db, keyring, onBatch: (n) => progress(`rewrapped ${n}`) });
    print(`rewrapped ${rewrapped} data key(s) to master key ${next.id}`);
    print("set OPENDISCOURSE_MASTER_KEY to the new key and restart; the old key is no longer needed");
    return 0;
  }

  const path = masterKeyFilePath(config);
  const file = await readMasterKeyFile(path);
  if (!file) throw new AppError("not_found", `no master key file at ${path}: nothing to rotate`);
  let rotating: MasterKeyFile;
  if (file.keys.length > 1) {
    if (newKeyFile) {
      throw new AppError(
        "conflict",
        `a rotation to ${file.current} is unfinished: run rotate-master without --new-key-file first`,
      );
    }
    progress(`finishing the rotation to master key ${file.current}`);
    rotating = file;
  } else {
    const next = newKeyFile ? await readNewKey(newKeyFile) : await generateMasterKey();
    if (next.id === file.current) throw new AppError("bad_request", "the new master key is the one in use");
    rotating = { current: next.id, keys: [{ ...next, created: new Date().toISOString() }, ...file.keys] };
    writeMasterKeyFile(path, rotating);
    progress(`new master key ${next.id} written to ${path}; the old one stays until every data key is rewrapped`);
  }

  const keyring = await createKeyring(rotating.keys, { current: rotating.current });
  const onBatch = (n: number) => progress(`rewrapped ${n}`);
  let { rewrapped } = await rewrapDataKeys({ db, keyring, onBatch });
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  rewrapped += (await rewrapDataKeys({ db, keyring, onBatch })).rewrapped;

  const inUse = await db.prepare("SELECT DISTINCT master_key_id AS id FROM encrypted_objects").all<{ id: string }>();
  const stillNeeded = new Set(inUse.results.map((r) => r.id));
  const retired = rotating.keys.filter((k) => k.id !== rotating.current && !stillNeeded.has(k.id));
  const kept = rotating.keys.filter((k) => k.id === rotating.current || stillNeeded.has(k.id));
  writeMasterKeyFile(path, { current: rotating.current, keys: kept });
  const total = inUse.results.length === 0 ? 0 : await countObjects(db);
  print(`rewrapped ${rewrapped} data key(s) to master key ${rotating.current} (${total} encrypted object(s) in all)`);
  if (retired.length > 0) print(`removed master key(s) ${retired.map((k) => k.id).join(", ")} from ${path}`);
  if (kept.length > 1) {
    print("some data keys still use an old master key (written meanwhile?); run rotate-master again to finish");
    return 75;
  }
  return 0;
}

async function countObjects(db: SqlDatabase): Promise<number> {
  return (await db.prepare("SELECT COUNT(*) AS n FROM encrypted_objects").first<number>("n")) ?? 0;
}
