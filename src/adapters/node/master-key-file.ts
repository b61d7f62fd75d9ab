import { randomBytes } from "node:crypto";
import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { dirname, join } from "node:path";
import type { AppConfig } from "../../core/config";
import { AppError } from "../../core/errors";
import type { Logger } from "../../core/observability";
import {
  createKeyring,
  generateMasterKey,
  type Keyring,
  type MasterKeyFile,
  parseMasterKeyFile,
  parseMasterKeySetting,
  serializeMasterKeyFile,
} from "../../core/security/encryption";

/** Where the master key file is: the configured one, else `master.key` in the data folder. */
export function masterKeyFilePath(config: Pick<AppConfig, "dataDir" | "masterKeyFile">): string {
  return config.masterKeyFile ?? join(config.dataDir, "master.key");
}

/** The key file's keys, or null when there is no file; warns when others than the owner may read it. */
export async function readMasterKeyFile(path: string, logger?: Logger): Promise<MasterKeyFile | null> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new AppError("unavailable", `cannot read the master key file ${path}: ${(error as Error).message}`);
  }
  if (process.platform !== "win32" && (statSync(path).mode & 0o077) !== 0) {
    logger?.warn({ path }, "the master key file is readable by other users; run chmod 600 on it");
  }
  return parseMasterKeyFile(text, `the master key file ${path}`);
}

/**
 * Writes the key file atomically with mode 0600: a temporary file beside it, flushed, then renamed over it, so
 * a crash leaves the old file or the new one, never half of one.
 */
export function writeMasterKeyFile(path: string, file: MasterKeyFile, options: { exclusive?: boolean } = {}): void {
  const text = serializeMasterKeyFile(file);
  const temporary = join(dirname(path), `.${randomBytes(6).toString("hex")}.master-key.tmp`);
  const fd = openSync(temporary, "wx", 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    if (options.exclusive) {
      // A hard link is atomic and fails if the name exists: two processes starting at once keep one key.
      linkSync(temporary, path);
    } else {
      renameSync(temporary, path);
    }
  } finally {
    try {
      unlinkSync(temporary);
    } catch {
      // Renamed away already.
    }
  }
}

/**
 * The Node runtime's keyring: `masterKey` when set (one base64 key, or several separated by commas, the first
 * current), else the key file. With neither, the first start generates a key in the data folder (mode 0600) and
 * says where it is: that key must be backed up, and production should name its own.
 */
export async function loadNodeKeyring(
  config: Pick<AppConfig, "dataDir" | "masterKey" | "masterKeyFile">,
  logger: Logger,
): Promise<Keyring> {
  if (config.masterKey) return createKeyring(await parseMasterKeySetting(config.masterKey));
  const path = masterKeyFilePath(config);
  let file = await readMasterKeyFile(path, logger);
  if (!file) {
    if (config.masterKeyFile) {
      throw new AppError("bad_request", `invalid configuration: the master key file ${path} does not exist`);
    }
    const material = await generateMasterKey();
    try {
      writeMasterKeyFile(
        path,
        { current: material.id, keys: [{ ...material, created: new Date().toISOString() }] },
        { exclusive: true },
      );
      logger.warn(
        { path, masterKeyId: material.id },
        `generated a master key for encrypting stored documents at ${path}; back it up (documents cannot be read ` +
          "without it) and, in production, keep it outside the data folder and name it with " +
          "OPENDISCOURSE_MASTER_KEY_FILE or OPENDISCOURSE_MASTER_KEY",
      );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    file = await readMasterKeyFile(path, logger);
    if (!file) throw new AppError("unavailable", `the master key file ${path} disappeared while starting`);
  }
  return createFileKeyring(path, await createKeyring(file.keys, { current: file.current }), logger);
}

/**
 * A keyring that follows its file: when the file changes (a rotation by `opendiscourse encryption rotate-master`
 * beside a running server), the next call uses the new keys, so the server wraps new objects with the new master
 * key and reads objects already rewrapped to it, without a restart.
 */
function createFileKeyring(path: string, initial: Keyring, logger: Logger): Keyring {
  let ring = initial;
  let seen = fileVersion(path);
  let loading: Promise<void> | null = null;

  async function refresh(): Promise<Keyring> {
    const version = fileVersion(path);
    if (version !== seen) {
      loading ??= (async () => {
        try {
          const file = await readMasterKeyFile(path, logger);
          if (file) ring = await createKeyring(file.keys, { current: file.current });
          seen = version;
          logger.info({ path, masterKeyId: ring.currentId }, "master key file reloaded");
        } finally {
          loading = null;
        }
      })();
      await loading;
    }
    return ring;
  }

  return {
    get currentId() {
      return ring.currentId;
    },
    get ids() {
      return ring.ids;
    },
    has: (id) => ring.has(id),
    createDataKey: async (dataKeyId) => (await refresh()).createDataKey(dataKeyId),
    unwrap: async (dataKeyId, wrapped) => (await refresh()).unwrap(dataKeyId, wrapped),
    rewrap: async (dataKeyId, wrapped, to) => (await refresh()).rewrap(dataKeyId, wrapped, to),
    current: refresh,
  };
}

/** Changes whenever the file is replaced (rename gives a new inode) or rewritten. */
function fileVersion(path: string): string {
  try {
    const stat = statSync(path);
    return `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
  } catch {
    return "missing";
  }
}
