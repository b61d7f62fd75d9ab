import { describe, expect, it } from "vitest";
import { AppError } from "../../errors";
import { toBase64 } from "../encoding";
import { parseMasterKeyFile, serializeMasterKeyFile } from "./key-file";
import { createKeyring, generateMasterKey, masterKeyId, parseMasterKeySetting } from "./keyring";

describe("keyring", () => {
  it("wraps a data key with the current master key and unwraps it", async () => {
    const a = await generateMasterKey();
    const ring = await createKeyring([a]);
    const { key, masterKeyId: wrappedBy, wrapped } = await ring.createDataKey("d1");
    expect(wrappedBy).toBe(a.id);
    const iv = new Uint8Array(12);
    const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, new TextEncoder().encode("hello"));
    const opened = await ring.unwrap("d1", { masterKeyId: wrappedBy, wrapped });
    expect(new TextDecoder().decode(await crypto.subtle.decrypt({ name: "AES-GCM", iv }, opened, sealed))).toBe(
      "hello",
    );
  });

  it("refuses a wrapped key moved to another row or altered", async () => {
    const ring = await createKeyring([await generateMasterKey()]);
    const { key: _, ...wrapped } = await ring.createDataKey("d1");
    await expect(ring.unwrap("d2", wrapped)).rejects.toThrow(/does not unwrap/);
    const bytes = Uint8Array.from(atob(wrapped.wrapped), (c) => c.charCodeAt(0));
    bytes[20] = (bytes[20] ?? 0) ^ 1;
    await expect(ring.unwrap("d1", { ...wrapped, wrapped: toBase64(bytes) })).rejects.toThrow(/does not unwrap/);
  });

  it("rewraps from an old master key to the new one, after which the old one is not needed", async () => {
    const [oldKey, newKey] = [await generateMasterKey(), await generateMasterKey()];
    const before = await createKeyring([oldKey]);
    const { key: _, ...wrapped } = await before.createDataKey("d1");
    const during = await createKeyring([newKey, oldKey]);
    expect(during.currentId).toBe(newKey.id);
    const rewrapped = await during.rewrap("d1", wrapped);
    expect(rewrapped.masterKeyId).toBe(newKey.id);
    const after = await createKeyring([newKey]);
    await expect(after.unwrap("d1", rewrapped)).resolves.toBeDefined();
    const missing = await after.unwrap("d1", wrapped).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(AppError);
    expect((missing as AppError).message).toMatch(`master key ${oldKey.id} is not configured`);
  });

  it("derives a stable id from the key and reads the comma-separated setting, first key current", async () => {
    const a = await generateMasterKey();
    const b = await generateMasterKey();
    expect(await masterKeyId(a.key)).toBe(a.id);
    expect(a.id).toMatch(/^mk_[0-9a-f]{16}$/);
    const parsed = await parseMasterKeySetting(` ${toBase64(b.key)}, ${toBase64(a.key)} `);
    expect(parsed.map((k) => k.id)).toEqual([b.id, a.id]);
    await expect(parseMasterKeySetting(toBase64(new Uint8Array(16)))).rejects.toThrow(/32 bytes/);
    await expect(parseMasterKeySetting("not base64!")).rejects.toThrow(/base64/);
  });
});

describe("master key file", () => {
  it("round-trips several keys and which one is current", async () => {
    const a = await generateMasterKey();
    const b = await generateMasterKey();
    const text = serializeMasterKeyFile({ current: b.id, keys: [{ ...a, created: "2026-01-01T00:00:00.000Z" }, b] });
    const parsed = await parseMasterKeyFile(text);
    expect(parsed.current).toBe(b.id);
    expect(parsed.keys.map((k) => k.id)).toEqual([b.id, a.id]);
    expect(parsed.keys[1]?.created).toBe("2026-01-01T00:00:00.000Z");
    expect(Buffer.compare(parsed.keys[1]?.key ?? new Uint8Array(), a.key)).toBe(0);
  });

  it("reads a file holding one bare base64 key", async () => {
    const a = await generateMasterKey();
    expect(await parseMasterKeyFile(`${toBase64(a.key)}\n`)).toMatchObject({ current: a.id });
  });

  it("refuses a damaged file rather than using part of it", async () => {
    const a = await generateMasterKey();
    const b = await generateMasterKey();
    const text = serializeMasterKeyFile({ current: a.id, keys: [a] });
    await expect(parseMasterKeyFile(text.replace(a.id, b.id))).rejects.toThrow(/does not match its id|current key/);
    await expect(parseMasterKeyFile("{ nope")).rejects.toThrow(/not valid JSON/);
    await expect(parseMasterKeyFile('{"format":"other"}')).rejects.toThrow(/not an OpenDiscourse master key file/);
  });
});
