import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestRuntime } from "../../../test/support/runtime";
import { createFsBlobStore } from "../../adapters/node/fs-blob-store";
import {
  createEncryptedBlobStore,
  createKeyring,
  generateMasterKey,
  type MasterKeyMaterial,
} from "../../core/security/encryption";
import { createServices } from "../../core/services";
import { createApp } from "../app";

const base64 = (key: MasterKeyMaterial) => Buffer.from(key.key).toString("base64");
const text = (i: number) => `Stored document ${i}: `.repeat(50 + i);

describe("POST /v1/encryption/rewrap", () => {
  let t: Awaited<ReturnType<typeof openTestRuntime>>;
  let oldKey: MasterKeyMaterial;
  let newKey: MasterKeyMaterial;

  beforeAll(async () => {
    [oldKey, newKey] = [await generateMasterKey(), await generateMasterKey()];
    t = await openTestRuntime({ embedder: "none", masterKey: base64(oldKey) });
    for (let i = 0; i < 5; i++) await t.services.deps.blobs.put(`originals/rewrap-${i}`, text(i));
  });
  afterAll(async () => t?.close());

  /** The same data folder after the operator set the secret to "new,old" and restarted. */
  const rotatedApp = async (keyring: Promise<Parameters<typeof createServices>[1]["keyring"]>, address = "127.0.0.1") =>
    createApp(createServices(t.config, { ...t.services.deps, keyring: await keyring }), {
      remoteAddress: () => address,
    });
  const wrappedBy = async () =>
    (
      await t.services.deps.db
        .prepare("SELECT master_key_id AS id, COUNT(*) AS n FROM encrypted_objects GROUP BY master_key_id")
        .all<{ id: string; n: number }>()
    ).results;

  it("refuses callers other than admins inside the allowlist", async () => {
    const app = await rotatedApp(createKeyring([newKey, oldKey]));
    const editor = await app.request("/v1/encryption/rewrap", { method: "POST", headers: await t.auth("editor") });
    expect(editor.status).toBe(403);
    const outside = await rotatedApp(createKeyring([newKey, oldKey]), "198.51.100.20");
    expect((await outside.request("/v1/encryption/rewrap", { method: "POST", headers: await t.auth() })).status).toBe(
      403,
    );
    expect(await wrappedBy()).toEqual([{ id: oldKey.id, n: 5 }]);
  });

  it("rewraps a batch a call until none is left, audited, and every document still reads", async () => {
    const app = await rotatedApp(createKeyring([newKey, oldKey]));
    const answers: unknown[] = [];
    for (let call = 0; call < 5; call++) {
      const res = await app.request("/v1/encryption/rewrap?limit=2", { method: "POST", headers: await t.auth() });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { remaining: number };
      answers.push(body);
      if (body.remaining === 0) break;
    }
    expect(answers).toEqual([
      { rewrapped: 2, remaining: 3, masterKeyId: newKey.id },
      { rewrapped: 2, remaining: 1, masterKeyId: newKey.id },
      { rewrapped: 1, remaining: 0, masterKeyId: newKey.id },
    ]);
    expect(await wrappedBy()).toEqual([{ id: newKey.id, n: 5 }]);

    // The old key is no longer needed: a store holding only the new one reads every document.
    const onlyNew = createEncryptedBlobStore({
      inner: createFsBlobStore({ root: join(t.dataDir, "blobs") }),
      db: t.services.deps.db,
      keyring: createKeyring([newKey]),
    });
    for (let i = 0; i < 5; i++) expect(await (await onlyNew.get(`originals/rewrap-${i}`))?.text()).toBe(text(i));

    const entries = await t.services.security.audit.list({ action: "encryption.rewrap" });
    expect(entries).toHaveLength(3);
    expect(entries[0]).toMatchObject({
      actor: expect.stringMatching(/^key:/),
      ip: "127.0.0.1",
      target: `master-key:${newKey.id}`,
      after: { rewrapped: 2, remaining: 3, masterKeyId: newKey.id },
    });
    const again = await app.request("/v1/encryption/rewrap", { method: "POST", headers: await t.auth() });
    expect(await again.json()).toEqual({ rewrapped: 0, remaining: 0, masterKeyId: newKey.id });
  });

  it("says what is missing when a data key's master key or any master key is not configured", async () => {
    const other = await generateMasterKey();
    const withoutNew = await rotatedApp(createKeyring([other, oldKey]));
    const missing = await withoutNew.request("/v1/encryption/rewrap", { method: "POST", headers: await t.auth() });
    expect(missing.status).toBe(503);
    expect(((await missing.json()) as { detail: string }).detail).toContain(newKey.id);

    const none = await rotatedApp(Promise.resolve(null));
    const refused = await none.request("/v1/encryption/rewrap", { method: "POST", headers: await t.auth() });
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { detail: string }).detail).toContain("OPENDISCOURSE_MASTER_KEY");
    expect(
      (await withoutNew.request("/v1/encryption/rewrap?limit=0", { method: "POST", headers: await t.auth() })).status,
    ).toBe(400);
  });
});
