import { AppError } from "../../errors";
import { fromBase64, toBase64, toHex } from "../encoding";
import type { AesKey, KeyUse } from "./format";

/** The raw bytes of a master key (32, for AES-256) and the id objects record it under. */
export interface MasterKeyMaterial {
  id: string;
  key: Uint8Array<ArrayBuffer>;
}

/** A data key in the form the store records: which master key wrapped it, and the wrapped bytes (base64). */
export interface WrappedDataKey {
  masterKeyId: string;
  wrapped: string;
}

/**
 * Master keys by id: the current one wraps new data keys, the others still unwrap what they wrapped, so a
 * rotation can rewrap objects a batch at a time while everything stays readable.
 */
export interface Keyring {
  readonly currentId: string;
  readonly ids: readonly string[];
  has(id: string): boolean;
  /** A fresh random data key for one object, and the same key wrapped by the current master key. */
  createDataKey(dataKeyId: string): Promise<{ key: AesKey } & WrappedDataKey>;
  /** The data key a row holds; throws when its master key is not in the ring or the row was altered. */
  unwrap(dataKeyId: string, wrapped: WrappedDataKey): Promise<AesKey>;
  /** The same data key wrapped by master key `to` (default the current one), without touching the data. */
  rewrap(dataKeyId: string, wrapped: WrappedDataKey, to?: string): Promise<WrappedDataKey>;
  /**
   * The ring as it is now, for one that follows a changing source (the Node key file, rotated beside a running
   * server): its `currentId` is then up to date. A ring without it never changes.
   */
  current?(): Promise<Keyring>;
}

/** The keyring as it is now (see `Keyring.current`). */
export async function currentKeyring(keyring: Keyring): Promise<Keyring> {
  return (await keyring.current?.()) ?? keyring;
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const encoder = new TextEncoder();

/**
 * The id of a master key, derived from the key itself (a one-way hash, 64 bits shown): the same key always has the
 * same id on every machine, and a key given only as a secret needs no separate name.
 */
export async function masterKeyId(key: Uint8Array<ArrayBuffer>): Promise<string> {
  const label = encoder.encode("opendiscourse master key id\0");
  const input = new Uint8Array(label.byteLength + key.byteLength);
  input.set(label, 0);
  input.set(key, label.byteLength);
  return `mk_${toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", input))).slice(0, 16)}`;
}

/** A new random master key. */
export async function generateMasterKey(): Promise<MasterKeyMaterial> {
  const key = crypto.getRandomValues(new Uint8Array(KEY_BYTES));
  return { id: await masterKeyId(key), key };
}

/** Decodes one base64 master key, refusing anything that is not 32 bytes. */
export async function decodeMasterKey(base64: string, what = "master key"): Promise<MasterKeyMaterial> {
  let key: Uint8Array<ArrayBuffer>;
  try {
    key = new Uint8Array(fromBase64(base64.trim()));
  } catch {
    throw new AppError("bad_request", `${what} is not base64`);
  }
  if (key.byteLength !== KEY_BYTES) {
    throw new AppError(
      "bad_request",
      `${what} must be ${KEY_BYTES} bytes (base64 of 32 random bytes), not ${key.byteLength}`,
    );
  }
  return { id: await masterKeyId(key), key };
}

/**
 * The `masterKey` setting: one base64 key, or several separated by commas, the first being current (the others
 * still decrypt while a rotation finishes).
 */
export async function parseMasterKeySetting(value: string): Promise<MasterKeyMaterial[]> {
  const parts = value
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "");
  if (parts.length === 0) throw new AppError("bad_request", "masterKey is empty");
  return Promise.all(parts.map((p, i) => decodeMasterKey(p, `masterKey (key ${i + 1})`)));
}

/**
 * Checks the `masterKey` setting's form without the (asynchronous) key import, so a runtime that builds its
 * services synchronously still refuses a bad key at start.
 */
export function checkMasterKeySetting(value: string): void {
  const parts = value
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "");
  if (parts.length === 0) throw new AppError("bad_request", "invalid configuration: masterKey is empty");
  parts.forEach((part, i) => {
    let length: number;
    try {
      length = atob(part).length;
    } catch {
      throw new AppError("bad_request", `invalid configuration: masterKey (key ${i + 1}) is not base64`);
    }
    if (length !== KEY_BYTES) {
      throw new AppError("bad_request", `invalid configuration: masterKey (key ${i + 1}) must be ${KEY_BYTES} bytes`);
    }
  });
}

/**
 * The keyring a `masterKey` setting describes, or null when it is not set; the setting's form is checked at once
 * (throws `bad_request`), the keys imported asynchronously.
 */
export function keyringFromSetting(value: string | undefined): Promise<Keyring> | null {
  if (value === undefined) return null;
  checkMasterKeySetting(value);
  return parseMasterKeySetting(value).then((keys) => createKeyring(keys));
}

/** Builds a keyring; `current` defaults to the first key. */
export async function createKeyring(keys: MasterKeyMaterial[], options: { current?: string } = {}): Promise<Keyring> {
  const first = keys[0];
  if (!first) throw new AppError("bad_request", "the keyring needs at least one master key");
  const currentId = options.current ?? first.id;
  const imported = new Map<string, AesKey>();
  for (const material of keys) {
    if (!imported.has(material.id)) {
      imported.set(material.id, await importAesKey(material.key, ["encrypt", "decrypt"]));
    }
  }
  if (!imported.has(currentId))
    throw new AppError("bad_request", `the current master key ${currentId} is not in the keyring`);

  function master(id: string): AesKey {
    const key = imported.get(id);
    if (!key) {
      throw new AppError("unavailable", `master key ${id} is not configured; it is needed to read objects it wrapped`);
    }
    return key;
  }

  async function wrap(dataKeyId: string, raw: Uint8Array<ArrayBuffer>, masterId: string): Promise<WrappedDataKey> {
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const sealed = await crypto.subtle.encrypt(
      { name: "AES-GCM", iv, additionalData: wrapContext(dataKeyId, masterId) },
      master(masterId),
      raw,
    );
    const out = new Uint8Array(IV_BYTES + sealed.byteLength);
    out.set(iv, 0);
    out.set(new Uint8Array(sealed), IV_BYTES);
    return { masterKeyId: masterId, wrapped: toBase64(out) };
  }

  async function unwrapRaw(dataKeyId: string, wrapped: WrappedDataKey): Promise<Uint8Array<ArrayBuffer>> {
    const key = master(wrapped.masterKeyId);
    try {
      const bytes = new Uint8Array(fromBase64(wrapped.wrapped));
      const raw = await crypto.subtle.decrypt(
        {
          name: "AES-GCM",
          iv: bytes.subarray(0, IV_BYTES),
          additionalData: wrapContext(dataKeyId, wrapped.masterKeyId),
        },
        key,
        bytes.subarray(IV_BYTES),
      );
      return new Uint8Array(raw);
    } catch {
      throw new AppError(
        "internal",
        `the data key ${dataKeyId} does not unwrap with master key ${wrapped.masterKeyId}`,
      );
    }
  }

  return {
    currentId,
    ids: [...imported.keys()],
    has: (id) => imported.has(id),
    async createDataKey(dataKeyId) {
      const raw = crypto.getRandomValues(new Uint8Array(KEY_BYTES));
      const wrapped = await wrap(dataKeyId, raw, currentId);
      return { key: await importAesKey(raw, ["encrypt", "decrypt"]), ...wrapped };
    },
    async unwrap(dataKeyId, wrapped) {
      return importAesKey(await unwrapRaw(dataKeyId, wrapped), ["decrypt"]);
    },
    async rewrap(dataKeyId, wrapped, to = currentId) {
      if (wrapped.masterKeyId === to) return wrapped;
      return wrap(dataKeyId, await unwrapRaw(dataKeyId, wrapped), to);
    },
  };
}

/** Binds a wrapped key to its row and its master key: a wrapped key copied to another row does not unwrap. */
function wrapContext(dataKeyId: string, masterId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(encoder.encode(`opendiscourse data key v1\0${dataKeyId}\0${masterId}`));
}

function importAesKey(raw: Uint8Array<ArrayBuffer>, usages: KeyUse[]): Promise<AesKey> {
  return crypto.subtle.importKey("raw", raw, { name: "AES-GCM" }, false, usages);
}
