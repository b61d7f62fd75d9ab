import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createWebAssets } from "./web-assets";

describe("web assets from a folder", () => {
  const root = mkdtempSync(join(tmpdir(), "opendiscourse-web-assets-"));
  const dist = join(root, "dist");
  mkdirSync(join(dist, "assets"), { recursive: true });
  writeFileSync(join(dist, "index.html"), "<!doctype html>");
  writeFileSync(join(dist, "assets", "a-1.css"), "body{}");
  writeFileSync(join(root, "outside.html"), "outside");
  const asset = createWebAssets(dist);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("serves the build's files with their type", async () => {
    const css = await asset("assets/a-1.css");
    expect(css?.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(await css?.text()).toBe("body{}");
    expect(await (await asset("index.html"))?.text()).toBe("<!doctype html>");
  });

  it("answers null for missing files, unknown types and paths leaving the folder", async () => {
    expect(await asset("assets/none.js")).toBeNull();
    expect(await asset("../outside.html")).toBeNull();
    expect(await asset("assets/../../outside.html")).toBeNull();
    expect(await asset("/etc/passwd")).toBeNull();
    expect(await asset(".")).toBeNull();
  });
});
