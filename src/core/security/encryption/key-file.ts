import { AppError } from "../../errors";
import { toBase64 } from "../encoding";
import { decodeMasterKey, type MasterKeyMaterial } from "./keyring";

/**
 * The master key file: JSON holding every master key still needed and which one is current, so a rotation keeps
 * the old key beside the new one until every data key is rewrapped. A file holding just one base64 key (made by
 * hand, e.g. `openssl rand -base64 32`) is read too.
 */
export interface MasterKeyFile {
  current: string;
  keys: (MasterKeyMaterial & { created?: string })[];
}

const FORMAT = "opendiscourse-master-keys";

interface StoredFile {
  format: string;
  version: number;
  current: string;
  keys: { id: string; key: string; created?: string }[];
}

/** Parses a key file; every key's id must match the key itself, so a damaged file is refused, never half-used. */
export async function parseMasterKeyFile(text: string, where = "the master key file"): Promise<MasterKeyFile> {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{")) {
    const material = await decodeMasterKey(trimmed, where);
    return { current: material.id, keys: [material] };
  }
  let stored: StoredFile;
  try {
    stored = JSON.parse(trimmed) as StoredFile;
  } catch {
    throw new AppError("bad_request", `${where} is not valid JSON`);
  }
  if (stored.format !== FORMAT || stored.version !== 1 || !Array.isArray(stored.keys)) {
    throw new AppError("bad_request", `${where} is not an OpenDiscourse master key file (version 1)`);
  }
  const keys: MasterKeyFile["keys"] = [];
  for (const entry of stored.keys) {
    const material = await decodeMasterKey(String(entry.key), `${where}: key ${entry.id}`);
    if (material.id !== entry.id) {
      throw new AppError("bad_request", `${where}: key ${entry.id} does not match its id (the file is damaged)`);
    }
    keys.push(entry.created ? { ...material, created: entry.created } : material);
  }
  if (!keys.some((k) => k.id === stored.current)) {
    throw new AppError("bad_request", `${where}: the current key ${stored.current} is not in the file`);
  }
  return { current: stored.current, keys };
}

/** The file's text, current key first. */
export function serializeMasterKeyFile(file: MasterKeyFile): string {
  const ordered = [...file.keys].sort((a, b) => Number(b.id === file.current) - Number(a.id === file.current));
  const stored: StoredFile = {
    format: FORMAT,
    version: 1,
    current: file.current,
    keys: ordered.map((k) => ({ id: k.id, key: toBase64(k.key), ...(k.created ? { created: k.created } : {}) })),
  };
  return `${JSON.stringify(stored, null, 2)}\n`;
}
