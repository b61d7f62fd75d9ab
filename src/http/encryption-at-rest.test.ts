import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, multipart, openTestRuntime, waitForDocument } from "../../test/support/runtime";

const PDF = fixture("documents", "2022-03-09_hr2471.pdf");

describe("documents encrypted at rest, over HTTP", () => {
  let t: Awaited<ReturnType<typeof openTestRuntime>>;
  beforeAll(async () => {
    t = await openTestRuntime({ embedder: "none" });
  });
  afterAll(() => t.close());

  it("stores an upload as ciphertext and serves the original bytes with their own length", async () => {
    const upload = await t.app.request("/v1/documents", {
      method: "POST",
      body: multipart([{ name: "hr2471.pdf", bytes: PDF }]),
      headers: await t.auth("editor"),
    });
    expect(upload.status).toBe(202);
    const { documents } = (await upload.json()) as { documents: { id: string }[] };
    const id = documents[0]?.id as string;
    // The pipeline read it back through the decryption: the text was extracted.
    expect((await waitForDocument(t.services, id, ["indexed", "ready", "failed"])).state).not.toBe("failed");

    expect(statSync(join(t.dataDir, "master.key")).mode & 0o777).toBe(0o600);
    const files = readdirSync(join(t.dataDir, "blobs"), { recursive: true, withFileTypes: true }).filter((e) =>
      e.isFile(),
    );
    expect(files).toHaveLength(1);
    const stored = readFileSync(join(files[0]?.parentPath ?? "", files[0]?.name ?? ""));
    expect(stored.includes(Buffer.from(PDF.subarray(0, 200)))).toBe(false);

    const res = await t.app.request(`/v1/documents/${id}/content`, { headers: await t.auth("viewer") });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe(String(PDF.byteLength));
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.equals(Buffer.from(PDF))).toBe(true);
  }, 60_000);
});
