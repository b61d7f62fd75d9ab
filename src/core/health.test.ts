import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openTestRuntime } from "../../test/support/runtime";
import { readMasterKeyFile, writeMasterKeyFile } from "../adapters/node/master-key-file";
import { createKeyring, generateMasterKey } from "./security/encryption";
import { createServices } from "./services";

interface Readiness {
  ok: boolean;
  checks: { name: string; ok: boolean; detail?: string }[];
}

describe("readiness: encryption at rest", () => {
  let t: Awaited<ReturnType<typeof openTestRuntime>> | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const encryptionCheck = (readiness: Readiness) => readiness.checks.find((c) => c.name === "encryption");

  it("names the master key new documents are encrypted with on Node", async () => {
    t = await openTestRuntime({ embedder: "none" });
    const res = await t.app.request("/readyz");
    expect(res.status).toBe(200);
    const file = JSON.parse(readFileSync(join(t.dataDir, "master.key"), "utf8")) as { current: string };
    expect(file.current).toMatch(/^mk_[0-9a-f]{16}$/);
    expect(encryptionCheck((await res.json()) as Readiness)).toEqual({
      name: "encryption",
      ok: true,
      detail: `master key ${file.current}`,
    });

    // A rotation beside the running server (as `encryption rotate-master` writes the file) shows at once.
    const path = join(t.dataDir, "master.key");
    const before = await readMasterKeyFile(path);
    const next = await generateMasterKey();
    writeMasterKeyFile(path, { current: next.id, keys: [next, ...(before?.keys ?? [])] });
    const after = encryptionCheck(await t.services.health.readiness());
    expect(after).toMatchObject({
      ok: true,
      detail: `master key ${next.id}; 1 older key(s) kept to read data keys not yet rewrapped`,
    });
  });

  it("says when an older master key is still kept during a rotation", async () => {
    const [current, older] = [await generateMasterKey(), await generateMasterKey()];
    const setting = [current, older].map((k) => Buffer.from(k.key).toString("base64")).join(",");
    t = await openTestRuntime({ embedder: "none", masterKey: setting });
    const readiness = await t.services.health.readiness();
    expect(encryptionCheck(readiness)).toMatchObject({ ok: true, detail: expect.stringContaining(current.id) });
    expect(encryptionCheck(readiness)?.detail).toMatch(/1 older key/);
  });

  it("fails, saying uploads are refused, without a master key", async () => {
    t = await openTestRuntime({ embedder: "none" });
    const { config, deps } = t.services;
    const without = createServices(config, { ...deps, keyring: null });
    const readiness = await without.health.readiness();
    expect(readiness.ok).toBe(false);
    expect(encryptionCheck(readiness)).toEqual({
      name: "encryption",
      ok: false,
      detail: "OPENDISCOURSE_MASTER_KEY is not set; uploads are refused",
    });
    const ring = createKeyring([await generateMasterKey()]);
    expect((await createServices(config, { ...deps, keyring: ring }).health.readiness()).ok).toBe(true);
  });
});
