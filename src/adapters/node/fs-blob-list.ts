import type { Dirent } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { isEncodedName, isFolderName, nameToKey, prefixToNameFloor, SEGMENT_CHARS } from "./fs-blob-keys";

export interface ListNamesOptions {
  objectsDir: string;
  /** Only keys starting with this text. */
  prefix: string;
  /** Only names after this encoded name (the previous page's cursor). */
  after?: string;
  limit: number;
}

/**
 * The encoded names of the stored keys that match, in key order (ASCII order of the names is UTF-8 order of the
 * keys), at most `limit`. Reads the folder on every call: the store keeps no index, so several processes can share
 * it. The cost grows with the number of objects, which suits a document archive listed now and then.
 */
export async function listNames(options: ListNamesOptions): Promise<string[]> {
  const { prefix, after } = options;
  const floor = prefixToNameFloor(prefix);
  const found: string[] = [];

  // Whether names starting with `start` (a folder's encoded text) can match at all.
  const worthVisiting = (start: string) =>
    (start.startsWith(floor) || floor.startsWith(start)) &&
    (after === undefined || start > after || after.startsWith(start));

  const visit = async (dir: string, start: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      // A concurrent delete may remove an emptied folder of long keys while we walk.
      if ((error as { code?: string }).code === "ENOENT") return;
      throw error;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (!isFolderName(entry.name)) continue;
        const text = start + entry.name.slice(0, SEGMENT_CHARS);
        if (worthVisiting(text)) await visit(join(dir, entry.name), text);
        continue;
      }
      if (!entry.isFile() || !isEncodedName(entry.name) || entry.name.length > SEGMENT_CHARS) continue;
      const name = start + entry.name;
      if (!name.startsWith(floor) || (after !== undefined && name <= after)) continue;
      const key = nameToKey(name);
      if (key?.startsWith(prefix)) found.push(name);
    }
  };

  await visit(options.objectsDir, "");
  found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return found.slice(0, options.limit);
}
