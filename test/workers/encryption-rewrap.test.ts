import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createR2BlobStore } from "../../src/adapters/cloudflare/r2-blob-store";
import { createWorkerRuntime } from "../../src/apps/worker/runtime";
import { toBase64 } from "../../src/core/security/encoding";
import { createEncryptedBlobStore, generateMasterKey, keyringFromSetting } from "../../src/core/security/encryption";
import { workerAuth } from "./worker-auth";

const ORIGIN = "https://opendiscourse.test";
/** Inside the default admin allowlist (loopback), as Cloudflare would report an operator's address there. */
const OPERATOR = { "cf-connecting-ip": "127.0.0.1" };

interface Rewrapped {
  rewrapped: number;
  remaining: number;
  masterKeyId: string;
}

/** Calls the route until nothing is left, as an operator's loop would; the answers in order. */
async function rewrapAll(setting: string, limit: number): Promise<Rewrapped[]> {
  const { app } = createWorkerRuntime({ ...env, OPENDISCOURSE_MASTER_KEY: setting });
  const answers: Rewrapped[] = [];
  for (let call = 0; call < 50; call++) {
    const res = await app.request(`${ORIGIN}/v1/encryption/rewrap?limit=${limit}`, {
      method: "POST",
      headers: { ...(await workerAuth()), ...OPERATOR },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Rewrapped;
    answers.push(body);
    if (body.remaining === 0) return answers;
  }
  throw new Error("the rotation did not finish");
}

const byMasterKey = async () =>
  (
    await env.DB.prepare(
      "SELECT master_key_id AS id, COUNT(*) AS n FROM encrypted_objects GROUP BY master_key_id ORDER BY id",
    ).all<{ id: string; n: number }>()
  ).results;

describe("rotating the master key on Workers, over HTTP", () => {
  it("rewraps every data key in D1 to the new secret's first key, a batch a call, and back", async () => {
    const old = env.OPENDISCOURSE_MASTER_KEY ?? "";
    const stored = createWorkerRuntime(env).services.deps.blobs;
    const keys = Array.from({ length: 3 }, (_, i) => `originals/rewrap-${crypto.randomUUID()}-${i}`);
    for (const [i, key] of keys.entries()) await stored.put(key, `document ${i} `.repeat(200));
    const before = await byMasterKey();
    const total = before.reduce((n, r) => n + r.n, 0);
    expect(total).toBeGreaterThanOrEqual(3);

    const next = await generateMasterKey();
    const rotated = `${toBase64(next.key)},${old}`;
    const answers = await rewrapAll(rotated, 2);
    expect(answers.map((a) => a.rewrapped).reduce((n, k) => n + k, 0)).toBe(total);
    expect(answers.at(-1)).toEqual({ rewrapped: total % 2 || 2, remaining: 0, masterKeyId: next.id });
    expect(answers.every((a) => a.rewrapped <= 2)).toBe(true);
    expect(await byMasterKey()).toEqual([{ id: next.id, n: total }]);

    // The objects in R2 were not touched, and a Worker holding only the new key reads them.
    const onlyNew = createEncryptedBlobStore({
      inner: createR2BlobStore({ bucket: env.DOCUMENTS }),
      db: env.DB,
      keyring: keyringFromSetting(toBase64(next.key)),
    });
    for (const [i, key] of keys.entries())
      expect(await (await onlyNew.get(key))?.text()).toBe(`document ${i} `.repeat(200));
    const audited = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'encryption.rewrap'",
    ).first<{
      n: number;
    }>();
    expect(audited?.n).toBeGreaterThanOrEqual(answers.length);

    // Back to the test key, so the other tests' objects stay readable with it.
    await rewrapAll(`${old},${toBase64(next.key)}`, 200);
    expect(await byMasterKey()).toEqual(before);
    for (const key of keys) await stored.delete(key);
  });
});
