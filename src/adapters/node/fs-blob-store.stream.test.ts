import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFsBlobStore, type FsBlobStore } from "./fs-blob-store";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const MiB = 1024 * 1024;

/** Collects garbage twice around a turn of the event loop, so freed buffers leave `arrayBuffers`. */
async function settledArrayBuffers(): Promise<number> {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 0));
  gc();
  return process.memoryUsage().arrayBuffers;
}

describe("fs blob store streaming", () => {
  let root: string;
  let store: FsBlobStore;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "fs-blob-stream-"));
    store = createFsBlobStore({ root });
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("writes and reads 64 MiB without holding it in memory", async () => {
    const total = 64 * MiB;
    const chunkBytes = 64 * 1024;
    const md5 = createHash("md5");
    const baseline = await settledArrayBuffers();
    let produced = 0;
    let writePeak = 0;
    const source = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (produced >= total) {
          controller.close();
          return;
        }
        // A fresh buffer per chunk, as a network upload delivers them: a store that kept them would grow.
        const chunk = new Uint8Array(chunkBytes).fill((produced / chunkBytes) & 0xff);
        md5.update(chunk);
        produced += chunkBytes;
        controller.enqueue(chunk);
        if (produced % (8 * MiB) === 0) writePeak = Math.max(writePeak, (await settledArrayBuffers()) - baseline);
      },
    });
    const put = await store.put("big.bin", source);
    expect(put.size).toBe(total);
    expect(put.etag).toBe(md5.digest("hex"));

    const got = await store.get("big.bin");
    const reader = got?.body.getReader();
    const readMd5 = createHash("md5");
    let read = 0;
    let readPeak = 0;
    for (;;) {
      const step = await reader?.read();
      if (!step || step.done) break;
      readMd5.update(step.value);
      const before = read;
      read += step.value.byteLength;
      if (Math.floor(read / (8 * MiB)) > Math.floor(before / (8 * MiB))) {
        readPeak = Math.max(readPeak, (await settledArrayBuffers()) - baseline);
      }
    }
    expect(read).toBe(total);
    expect(readMd5.digest("hex")).toBe(put.etag);
    // Generous bounds: a store that buffered the object would sit near 64 MiB.
    expect(writePeak).toBeLessThan(24 * MiB);
    expect(readPeak).toBeLessThan(24 * MiB);
  });

  it("lets two processes write and read one key at once, each read seeing one whole version", async () => {
    const moduleUrl = pathToFileURL(fileURLToPath(new URL("./fs-blob-store.ts", import.meta.url))).href;
    const script = path.join(root, "..", `${path.basename(root)}-writer.mts`);
    fs.writeFileSync(
      script,
      `import { createFsBlobStore } from ${JSON.stringify(moduleUrl)};
${verifySource}
const store = createFsBlobStore({ root: process.argv[2] });
for (let i = 0; i < 40; i++) {
  await store.put("shared", new Uint8Array(150_000 + i).fill(200 + (i % 50)), { customMetadata: { fill: String(200 + (i % 50)) } });
  await verify(store);
}
`,
    );
    const repo = fileURLToPath(new URL("../../../", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", script, root], { cwd: repo, stdio: "pipe" });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += String(d);
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    let done = false;
    void exited.then(() => {
      done = true;
    });
    try {
      let checks = 0;
      for (let i = 0; !done || checks < 5; i++) {
        await store.put("shared", new Uint8Array(100_000 + i).fill(i % 100), {
          customMetadata: { fill: String(i % 100) },
        });
        await verify(store);
        checks++;
      }
      expect(await exited, stderr).toBe(0);
    } finally {
      fs.rmSync(script, { force: true });
    }
    expect(fs.readdirSync(path.join(root, "tmp"))).toEqual([]);
  });
});

/** Reads "shared" and checks its bytes against its own metadata: a torn write would mix two versions. */
const verifySource = `async function verify(store) {
  const got = await store.get("shared");
  if (got === null) return;
  const bytes = new Uint8Array(await got.arrayBuffer());
  const fill = Number(got.customMetadata.fill);
  if (bytes.byteLength !== got.size || bytes.some((b) => b !== fill)) {
    throw new Error("torn read: size " + bytes.byteLength + " of " + got.size + ", expected all " + fill);
  }
}`;
const verify = new Function(`${verifySource}; return verify;`)() as (store: FsBlobStore) => Promise<void>;
