/**
 * Encryption at rest: throughput of the segmented AES-256-GCM streams and of the encrypted document store, and the
 * peak memory while a 100 MB document streams through them (generated on the fly, never held whole).
 *
 *   npm run bench:encryption [-- --mb 100 --segment-kib 64]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openEncryptedFsBlobs } from "../src/adapters/node/encrypted-fs-blobs";
import { createFsBlobStore } from "../src/adapters/node/fs-blob-store";
import { applyMigrations } from "../src/adapters/node/migrations";
import { openSqliteDatabase } from "../src/adapters/node/sqlite-database";
import { silentLogger } from "../src/core/observability";
import { createDecryptStream, createEncryptStream } from "../src/core/security/encryption";

const { values } = parseArgs({
  options: { mb: { type: "string", default: "100" }, "segment-kib": { type: "string" } },
});
const MB = 1024 * 1024;
const total = Number(values.mb) * MB;
const segmentSizes = values["segment-kib"] ? [Number(values["segment-kib"]) * 1024] : [64 * 1024, 256 * 1024, MB];

/** `total` bytes in 64 KiB chunks, made as they are read. */
function generated(bytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const chunk = new Uint8Array(Math.min(64 * 1024, bytes - sent));
      for (let i = 0; i < chunk.length; i += 4096) chunk[i] = (sent + i) & 0xff;
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
}

async function drain(stream: ReadableStream<Uint8Array>): Promise<number> {
  let n = 0;
  for await (const chunk of stream) n += chunk.byteLength;
  return n;
}

/** Runs `task`, sampling the resident set size, and reports MB/s and the peak above the starting RSS. */
async function measure(name: string, bytes: number, task: () => Promise<unknown>) {
  globalThis.gc?.();
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const began = performance.now();
  await task();
  const seconds = (performance.now() - began) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const line = `${name.padEnd(44)} ${(bytes / MB / seconds).toFixed(0).padStart(5)} MB/s`;
  console.log(`${line}   peak RSS ${(peak / MB).toFixed(0)} MB (+${((peak - start) / MB).toFixed(0)} MB)`);
}

const key = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
const dataKeyId = crypto.getRandomValues(new Uint8Array(16));
console.log(`${values.mb} MB generated on the fly; Node ${process.version}\n`);

for (const segmentBytes of segmentSizes) {
  const label = `${segmentBytes / 1024} KiB segments`;
  await measure(`encrypt (${label})`, total, () =>
    drain(generated(total).pipeThrough(createEncryptStream({ key, dataKeyId, segmentBytes }))),
  );
  await measure(`encrypt + decrypt (${label})`, total, () =>
    drain(
      generated(total)
        .pipeThrough(createEncryptStream({ key, dataKeyId, segmentBytes }))
        .pipeThrough(createDecryptStream({ resolveKey: async () => key })),
    ),
  );
}

// Through the document store, as uploads and downloads use it: files on disk, data keys in SQLite.
const dataDir = mkdtempSync(join(tmpdir(), "bench-encryption-"));
try {
  const db = openSqliteDatabase({ path: join(dataDir, "bench.db") });
  applyMigrations(db.raw);
  const { blobs } = await openEncryptedFsBlobs({ dataDir }, { db, logger: silentLogger });
  const plain = createFsBlobStore({ root: join(dataDir, "plain") });
  await measure("fs store put, plaintext (baseline)", total, () => plain.put("doc", generated(total)));
  await measure("fs store get, plaintext (baseline)", total, async () =>
    drain((await plain.get("doc"))?.body ?? generated(0)),
  );
  await measure("encrypted fs store put", total, () => blobs.put("doc", generated(total)));
  await measure("encrypted fs store get", total, async () => drain((await blobs.get("doc"))?.body ?? generated(0)));
  await db.close();
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
