import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createWorkerRuntime } from "../../src/apps/worker/runtime";
import { fromBase64 } from "../../src/core/security/encoding";
import { masterKeyId } from "../../src/core/security/encryption";

const ORIGIN = "https://opendiscourse.test";

interface Readiness {
  ok: boolean;
  checks: { name: string; ok: boolean; detail?: string }[];
}

describe("readiness on Workers", () => {
  it("names the master key from the secret", async () => {
    const res = await exports.default.fetch(`${ORIGIN}/readyz`);
    const body = (await res.json()) as Readiness;
    const id = await masterKeyId(new Uint8Array(fromBase64(env.OPENDISCOURSE_MASTER_KEY ?? "")));
    expect(body.checks.find((c) => c.name === "encryption")).toEqual({
      name: "encryption",
      ok: true,
      detail: `master key ${id}`,
    });
    expect(res.status).toBe(200);
  });

  it("is not ready without OPENDISCOURSE_MASTER_KEY, saying uploads are refused", async () => {
    const { OPENDISCOURSE_MASTER_KEY: _key, ...rest } = env;
    const { app } = createWorkerRuntime({ ...rest });
    const res = await app.request(`${ORIGIN}/readyz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as Readiness;
    expect(body.ok).toBe(false);
    expect(body.checks.find((c) => c.name === "encryption")).toEqual({
      name: "encryption",
      ok: false,
      detail: "OPENDISCOURSE_MASTER_KEY is not set; uploads are refused",
    });
    expect(body.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(["encryption"]);
  });
});
