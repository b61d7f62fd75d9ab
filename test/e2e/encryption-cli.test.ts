import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFsBlobStore } from "../../src/adapters/node/fs-blob-store";
import { writeMasterKeyFile } from "../../src/adapters/node/master-key-file";
import { openNodeRuntime } from "../../src/apps/node-runtime";
import { configSchema } from "../../src/core/config";
import { silentLogger } from "../../src/core/observability";
import { toBase64 } from "../../src/core/security/encoding";
import { generateMasterKey, parseMasterKeyFile } from "../../src/core/security/encryption";
import { runCli } from "../support/cli";
import { FIXTURES } from "../support/runtime";

const ENV = { OPENDISCOURSE_EMBEDDER: "none" };
const run = (args: string[]) => runCli(args, { env: ENV });
const PDFS = ["2021-06-22_hr239.pdf", "2022-03-09_hr2471.pdf"].map((name) => join(FIXTURES, "documents", name));

/** Each stored document's original, downloaded through the services as the API serves it. */
async function download(dataDir: string, ids: string[]): Promise<Buffer[]> {
  const runtime = await openNodeRuntime(configSchema.parse({ dataDir, embedder: "none" }), silentLogger);
  try {
    const out: Buffer[] = [];
    for (const id of ids) {
      const { body, size } = await runtime.services.documents.content(id);
      const bytes = Buffer.from(await new Response(body).arrayBuffer());
      expect(size).toBe(bytes.byteLength);
      out.push(bytes);
    }
    return out;
  } finally {
    await runtime.close();
  }
}

async function keyFile(dataDir: string) {
  return parseMasterKeyFile(readFileSync(join(dataDir, "master.key"), "utf8"));
}

describe("opendiscourse encryption", () => {
  let data: string;
  let ids: string[];
  const originals = PDFS.map((p) => readFileSync(p));

  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), "opendiscourse-encryption-"));
    const ingest = await run(["ingest", ...PDFS, "--json", "--data", data]);
    expect(ingest.code).toBe(0);
    ids = ingest.stdout
      .trim()
      .split("\n")
      .map((line) => (JSON.parse(line) as { id: string }).id);
    // The first start generated the key, said where, and nobody else may read it.
    expect(ingest.stderr).toContain(join(data, "master.key"));
    expect(statSync(join(data, "master.key")).mode & 0o777).toBe(0o600);
  }, 120_000);
  afterAll(() => rmSync(data, { recursive: true, force: true }));

  it("stores documents encrypted: no stored file holds the original bytes", async () => {
    const files = readdirSync(join(data, "blobs"), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files.length).toBe(2);
    for (const file of files) {
      const stored = readFileSync(join(file.parentPath, file.name));
      expect(stored.subarray(0, 5).toString("latin1")).toBe("ODENC");
      expect(stored.includes(Buffer.from("%PDF-"))).toBe(false);
    }
    const status = await run(["encryption", "status", "--json", "--data", data]);
    const current = (await keyFile(data)).current;
    expect(JSON.parse(status.stdout)).toMatchObject({
      currentMasterKeyId: current,
      byMasterKey: [{ masterKeyId: current, objects: 2, pending: 0 }],
      encryptedObjects: 2,
      plaintextObjects: 0,
    });
  });

  it("rotates the master key without rewriting any document, and the old key is no longer needed", async () => {
    const before = await keyFile(data);
    const blobTimes = readdirSync(join(data, "blobs"), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => statSync(join(e.parentPath, e.name)).mtimeMs);
    const rotated = await run(["encryption", "rotate-master", "--data", data]);
    expect(rotated.code).toBe(0);
    const after = await keyFile(data);
    expect(after.current).not.toBe(before.current);
    expect(after.keys.map((k) => k.id)).toEqual([after.current]);
    expect(rotated.stdout).toContain(`rewrapped 2 data key(s) to master key ${after.current}`);
    expect(rotated.stdout).toContain(`removed master key(s) ${before.current}`);
    expect(statSync(join(data, "master.key")).mode & 0o777).toBe(0o600);
    const times = readdirSync(join(data, "blobs"), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => statSync(join(e.parentPath, e.name)).mtimeMs);
    expect(times).toEqual(blobTimes);
    // Only the new key is in the file now, and every document still reads back byte for byte.
    const back = await download(data, ids);
    expect(back.map((bytes, i) => bytes.equals(originals[i] as Buffer))).toEqual([true, true]);
  }, 60_000);

  it("takes the new key from --new-key-file, and finishes a rotation that was interrupted", async () => {
    const given = await generateMasterKey();
    const file = join(data, "..", `${given.id}.key`);
    writeFileSync(file, toBase64(given.key), { mode: 0o600 });
    const rotated = await run(["encryption", "rotate-master", "--new-key-file", file, "--data", data]);
    expect(rotated.code).toBe(0);
    expect((await keyFile(data)).current).toBe(given.id);
    rmSync(file);

    // An interrupted rotation: the file names a new current key beside the old one, the rows still use the old.
    const interrupted = await generateMasterKey();
    const old = (await keyFile(data)).keys[0];
    if (!old) throw new Error("no key");
    writeMasterKeyFile(join(data, "master.key"), { current: interrupted.id, keys: [interrupted, old] });
    const refused = await run(["encryption", "rotate-master", "--new-key-file", PDFS[0] as string, "--data", data]);
    expect(refused.code).toBe(75);
    expect(refused.stderr).toMatch(/unfinished/);
    const resumed = await run(["encryption", "rotate-master", "--data", data]);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`finishing the rotation to master key ${interrupted.id}`);
    expect((await keyFile(data)).keys.map((k) => k.id)).toEqual([interrupted.id]);
    const back = await download(data, ids);
    expect(back.map((bytes, i) => bytes.equals(originals[i] as Buffer))).toEqual([true, true]);
  }, 60_000);

  it("reads documents stored before encryption, and encrypts them in place", async () => {
    // A document as a version without encryption stored it: plaintext file, no data key row.
    const id = ids[0] as string;
    await createFsBlobStore({ root: join(data, "blobs") }).put(`originals/${id}`, originals[0] as Buffer);
    const db = new Database(join(data, "opendiscourse.db"));
    db.prepare("DELETE FROM encrypted_objects WHERE object_key = ?").run(`originals/${id}`);
    db.close();

    const status = await run(["encryption", "status", "--json", "--data", data]);
    expect(JSON.parse(status.stdout)).toMatchObject({ plaintextObjects: 1, encryptedObjects: 1 });
    expect((await download(data, [id]))[0]?.equals(originals[0] as Buffer)).toBe(true);

    const encrypted = await run(["encryption", "encrypt-existing", "--data", data]);
    expect(encrypted.code).toBe(0);
    expect(encrypted.stdout).toContain("encrypted 1 object(s)");
    const after = await run(["encryption", "status", "--json", "--data", data]);
    expect(JSON.parse(after.stdout)).toMatchObject({ plaintextObjects: 0, encryptedObjects: 2 });
    const back = await download(data, ids);
    expect(back.map((bytes, i) => bytes.equals(originals[i] as Buffer))).toEqual([true, true]);
  }, 60_000);
});
