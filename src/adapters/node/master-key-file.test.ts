import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Logger } from "../../core/observability";
import { toBase64 } from "../../core/security/encoding";
import { generateMasterKey, serializeMasterKeyFile } from "../../core/security/encryption";
import { loadNodeKeyring, readMasterKeyFile, writeMasterKeyFile } from "./master-key-file";

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const ignore = () => {};
  return {
    warnings,
    debug: ignore,
    info: ignore,
    error: ignore,
    warn: (obj, msg) => warnings.push(`${JSON.stringify(obj)} ${msg ?? ""}`),
  };
}

describe("master key file", () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "master-key-"));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it("generates a key at first start with mode 0600, says where, and reads the same key afterwards", async () => {
    const logger = recordingLogger();
    const first = await loadNodeKeyring({ dataDir }, logger);
    const path = join(dataDir, "master.key");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(logger.warnings.join("\n")).toContain(path);
    expect(logger.warnings.join("\n")).toMatch(/back it up/);
    const again = recordingLogger();
    const second = await loadNodeKeyring({ dataDir }, again);
    expect(second.currentId).toBe(first.currentId);
    expect(again.warnings).toEqual([]);
  });

  it("keeps one key when several processes start at once", async () => {
    const rings = await Promise.all(Array.from({ length: 5 }, () => loadNodeKeyring({ dataDir }, recordingLogger())));
    expect(new Set(rings.map((r) => r.currentId)).size).toBe(1);
  });

  it("refuses a configured key file that does not exist, rather than generating one", async () => {
    const masterKeyFile = join(dataDir, "elsewhere.key");
    await expect(loadNodeKeyring({ dataDir, masterKeyFile }, recordingLogger())).rejects.toThrow(/does not exist/);
    expect(await readMasterKeyFile(masterKeyFile)).toBeNull();
  });

  it("uses the masterKey setting when given, writing no file", async () => {
    const key = await generateMasterKey();
    const ring = await loadNodeKeyring({ dataDir, masterKey: toBase64(key.key) }, recordingLogger());
    expect(ring.currentId).toBe(key.id);
    expect(await readMasterKeyFile(join(dataDir, "master.key"))).toBeNull();
  });

  it("warns when the file is readable by others", async () => {
    const key = await generateMasterKey();
    const path = join(dataDir, "master.key");
    writeFileSync(path, serializeMasterKeyFile({ current: key.id, keys: [key] }));
    chmodSync(path, 0o644);
    const logger = recordingLogger();
    await loadNodeKeyring({ dataDir }, logger);
    expect(logger.warnings.join("\n")).toMatch(/chmod 600/);
  });

  it("follows the file when a rotation replaces it", async () => {
    const ring = await loadNodeKeyring({ dataDir }, recordingLogger());
    const old = (await readMasterKeyFile(join(dataDir, "master.key")))?.keys[0];
    const next = await generateMasterKey();
    if (!old) throw new Error("no key written");
    const { key: _, ...wrapped } = await ring.createDataKey("d1");
    writeMasterKeyFile(join(dataDir, "master.key"), { current: next.id, keys: [next, old] });
    expect(statSync(join(dataDir, "master.key")).mode & 0o777).toBe(0o600);
    const created = await ring.createDataKey("d2");
    expect(created.masterKeyId).toBe(next.id);
    expect(ring.currentId).toBe(next.id);
    await expect(ring.unwrap("d1", wrapped)).resolves.toBeDefined();
  });
});
