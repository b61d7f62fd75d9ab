import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestRuntime } from "../../../test/support/runtime";
import { createWebAssets } from "../../apps/web-assets";
import { createApp } from "../app";

const INDEX =
  '<!doctype html><title>OpenDiscourse</title><script type="module" src="/assets/index-abc123.js"></script>';

describe("the web app's routes", () => {
  let t: Awaited<ReturnType<typeof openTestRuntime>>;
  let app: ReturnType<typeof createApp>;
  let dist: string;

  beforeAll(async () => {
    t = await openTestRuntime({ embedder: "none" });
    dist = mkdtempSync(join(tmpdir(), "opendiscourse-web-"));
    mkdirSync(join(dist, "assets"));
    writeFileSync(join(dist, "index.html"), INDEX);
    writeFileSync(join(dist, "assets", "index-abc123.js"), "console.log(1)");
    writeFileSync(join(dist, "secret.yaml"), "not served");
    app = createApp(t.services, { webAsset: createWebAssets(dist), remoteAddress: () => "127.0.0.1" });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  // The page and its files load before anyone signs in (the sign-in form is part of the app): no credentials here.
  it("serves index.html at / and at app paths, revalidated on every load", async () => {
    for (const path of ["/", "/search", "/bills/117-hr-2008", "/documents/abc?q=water&at=1-20", "/admin/users"]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(res.headers.get("cache-control")).toBe("no-cache");
      expect(await res.text()).toBe(INDEX);
    }
  });

  it("serves hashed assets as immutable, and nothing outside the build's files", async () => {
    const asset = await app.request("/assets/index-abc123.js");
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(asset.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect((await app.request("/assets/missing-1.js")).status).toBe(404);
    expect((await app.request("/assets/..%2fsecret.yaml")).status).toBe(404);
  });

  it("leaves API paths to the API: unknown ones are problem+json 404s, known ones answer as before", async () => {
    const headers = await t.auth("viewer");
    for (const path of ["/v1/nothing-here", "/v1", "/docs/nothing", "/metrics"]) {
      const res = await app.request(path, { headers });
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type"), path).toContain("application/problem+json");
    }
    const health = await app.request("/healthz", { headers });
    expect(await health.json()).toEqual({ ok: true });
    const list = await app.request("/v1/documents", { headers });
    expect(list.status).toBe(200);
    // The API still refuses anonymous callers even though the app's page is public.
    expect((await app.request("/v1/documents")).status).toBe(401);
  });

  it("serves nothing for the app when the server has no build", async () => {
    const bare = createApp(t.services, { remoteAddress: () => "127.0.0.1" });
    expect((await bare.request("/")).status).toBe(404);
    expect((await bare.request("/search")).status).toBe(404);
  });
});
