import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { type FileHandle, mkdir, open, readdir, rename, rmdir, stat, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { AppError } from "../../core/errors";
import type {
  BlobList,
  BlobListOptions,
  BlobObject,
  BlobObjectBody,
  BlobPutOptions,
  BlobPutValue,
  BlobStore,
} from "../../core/ports/blob-store";
import { blobObjectBody, pickHttpMetadata } from "../../core/storage-rules/blob-object";
import { checkBlobKey, checkCustomMetadata, checkDeleteKeys } from "../../core/storage-rules/blob-rules";
import { checkListLimit } from "../../core/storage-rules/listing";
import { contentStream, encodeTrailer, readMeta, type StoredMeta, toBlobObject } from "./fs-blob-file";
import { isEncodedName, keyToName, nameToSegments } from "./fs-blob-keys";
import { listNames } from "./fs-blob-list";
import { writeContent } from "./fs-blob-write";

export interface FsBlobStoreOptions {
  /** The folder that holds every object; created when missing. Nothing is ever written outside it. */
  root: string;
}

export interface FsBlobStore extends BlobStore {
  readonly root: string;
  /** As `BlobStore.put`; never null, since the store has no conditional puts. */
  put(key: string, value: BlobPutValue, options?: BlobPutOptions): Promise<BlobObject>;
  /**
   * Removes temporary files left by writers that crashed, when untouched for `olderThanMs` (default one hour: a live
   * upload touches its file with every write). Safe while other processes write. Returns how many were removed.
   */
  sweepTemporaryFiles(olderThanMs?: number): Promise<number>;
}

const HEAD_CONCURRENCY = 32;

/**
 * A `BlobStore` on a local folder, safe to share between processes (the server and a CLI ingest): it keeps no state
 * in memory, and every write goes to a temporary file in `<root>/tmp` that is fsynced and renamed over
 * `<root>/objects/<encoded key>`, so readers see the old object or the new one and a failed write leaves nothing.
 * The etag is the hex MD5 of the content, as R2 gives for single-part uploads; `checksums.sha256` is always set.
 * A body from `get` holds an open file until it is read to the end or cancelled, and keeps reading the version it
 * opened even if the key is replaced or deleted meanwhile. `list` reads the folder on each call (no index to go stale
 * between processes), so it costs time in proportion to the number of objects: about 130 ms a page at 20,000.
 */
export function createFsBlobStore(options: FsBlobStoreOptions): FsBlobStore {
  const root = options.root;
  const objectsDir = join(root, "objects");
  const tmpDir = join(root, "tmp");
  mkdirSync(objectsDir, { recursive: true });
  mkdirSync(tmpDir, { recursive: true });
  const pathOf = (name: string) => join(objectsDir, ...nameToSegments(name));

  async function openObject(key: string): Promise<FileHandle | null> {
    try {
      return await open(pathOf(keyToName(key)), "r");
    } catch (error) {
      if (isCode(error, "ENOENT", "ENOTDIR")) return null;
      throw error;
    }
  }

  async function headByName(name: string): Promise<BlobObject | null> {
    let handle: FileHandle;
    try {
      handle = await open(pathOf(name), "r");
    } catch (error) {
      if (isCode(error, "ENOENT", "ENOTDIR")) return null;
      throw error;
    }
    try {
      return toBlobObject(await readMeta(handle));
    } finally {
      await handle.close();
    }
  }

  async function commit(tmpPath: string, finalPath: string): Promise<void> {
    // A concurrent delete may remove an emptied parent folder between mkdir and rename: recreate and retry.
    for (let attempt = 0; ; attempt++) {
      await mkdir(dirname(finalPath), { recursive: true });
      try {
        await rename(tmpPath, finalPath);
        break;
      } catch (error) {
        if (!isCode(error, "ENOENT") || attempt >= 4) throw error;
      }
    }
    await syncDirectory(dirname(finalPath));
  }

  return {
    root,

    async put(key: string, value: BlobPutValue, putOptions?: BlobPutOptions): Promise<BlobObject> {
      const name = keyToName(key);
      const httpMetadata = pickHttpMetadata(putOptions?.httpMetadata);
      const customMetadata = checkCustomMetadata(putOptions?.customMetadata);
      const tmpPath = join(tmpDir, `${randomBytes(16).toString("hex")}.tmp`);
      const handle = await open(tmpPath, "wx", 0o644);
      let meta: StoredMeta;
      try {
        const written = await writeContent(handle, value);
        meta = {
          v: 1,
          key,
          size: written.size,
          etag: written.md5Hex,
          sha256: written.sha256Hex,
          uploaded: Date.now(),
          httpMetadata,
          customMetadata,
        };
        const trailer = encodeTrailer(meta);
        await handle.write(trailer, 0, trailer.byteLength, written.size);
        await handle.sync();
        await handle.close();
        await commit(tmpPath, pathOf(name));
      } catch (error) {
        await handle.close().catch(() => {});
        await unlink(tmpPath).catch(() => {});
        throw error;
      }
      return toBlobObject(meta);
    },

    async get(key: string): Promise<BlobObjectBody | null> {
      const handle = await openObject(key);
      if (handle === null) return null;
      let meta: StoredMeta;
      try {
        meta = await readMeta(handle);
      } catch (error) {
        await handle.close();
        throw error;
      }
      return blobObjectBody(toBlobObject(meta), contentStream(handle, meta.size));
    },

    async head(key: string): Promise<BlobObject | null> {
      return headByName(keyToName(key));
    },

    async delete(keys: string | string[]): Promise<void> {
      // Every key is checked first, so a bad one fails the call before anything is deleted.
      const names = checkDeleteKeys(keys).map(keyToName);
      const touched = new Set<string>();
      for (const name of new Set(names)) {
        const path = pathOf(name);
        try {
          await unlink(path);
          touched.add(dirname(path));
        } catch (error) {
          if (!isCode(error, "ENOENT", "ENOTDIR")) throw error;
        }
      }
      for (const dir of touched) {
        await syncDirectory(dir);
        await removeEmptyFolders(objectsDir, dir);
      }
    },

    async list(listOptions?: BlobListOptions): Promise<BlobList> {
      const prefix = listOptions?.prefix ?? "";
      if (prefix !== "") checkBlobKey(prefix);
      const limit = checkListLimit(listOptions?.limit);
      const after = listOptions?.cursor;
      if (after !== undefined && !isEncodedName(after)) throw new AppError("bad_request", "invalid list cursor");
      const names = await listNames({ objectsDir, prefix, after, limit: limit + 1 });
      const page = names.slice(0, limit);
      const objects = await mapLimit(page, HEAD_CONCURRENCY, headByName);
      const truncated = names.length > limit;
      const found = objects.filter((o): o is BlobObject => o !== null);
      const last = page[page.length - 1];
      return truncated && last !== undefined
        ? { objects: found, truncated, cursor: last }
        : { objects: found, truncated };
    },

    async sweepTemporaryFiles(olderThanMs = 3_600_000): Promise<number> {
      let removed = 0;
      const cutoff = Date.now() - olderThanMs;
      for (const entry of await readdir(tmpDir)) {
        if (!entry.endsWith(".tmp")) continue;
        const path = join(tmpDir, entry);
        try {
          if ((await stat(path)).mtimeMs > cutoff) continue;
          await unlink(path);
          removed++;
        } catch (error) {
          if (!isCode(error, "ENOENT")) throw error;
        }
      }
      return removed;
    },
  };
}

/** Makes a rename or unlink durable. Some file systems refuse to fsync a folder; the entry is still written. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch (error) {
    if (!isCode(error, "EINVAL", "EPERM", "EISDIR", "ENOTSUP", "EBADF")) throw error;
  } finally {
    await handle?.close();
  }
}

/** Removes the folders of a long key once empty; a folder another writer just filled stays (rmdir refuses). */
async function removeEmptyFolders(objectsDir: string, dir: string): Promise<void> {
  while (dir !== objectsDir && dir.startsWith(objectsDir)) {
    try {
      await rmdir(dir);
    } catch {
      return;
    }
    dir = dirname(dir);
  }
}

async function mapLimit<T, R>(items: T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

function isCode(error: unknown, ...codes: string[]): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && codes.includes(code);
}
