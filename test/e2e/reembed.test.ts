import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli";
import { FIXTURES } from "../support/runtime";

const DIMENSIONS = 64;

/** A local OpenAI-compatible `/v1/embeddings` server: hashed bag-of-words vectors, so similar texts are close. */
function embeddingServer(): Promise<{ server: Server; url: string; calls: () => number }> {
  let calls = 0;
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => {
      body += d;
    });
    req.on("end", () => {
      calls++;
      const { input, model } = JSON.parse(body) as { input: string[]; model: string };
      const data = input.map((text, index) => {
        const v = Array.from({ length: DIMENSIONS }, () => 0);
        for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
          const slot = (createHash("md5").update(word).digest()[0] ?? 0) % DIMENSIONS;
          v[slot] = (v[slot] ?? 0) + 1;
        }
        if (!v.some((x) => x > 0)) v[0] = 1;
        return { object: "embedding", index, embedding: v };
      });
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ object: "list", model, data }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls: () => calls }),
    ),
  );
}

const run = (args: string[], env: Record<string, string> = {}) => runCli(args, { env });

describe("changing the embedding model", () => {
  let root: string;
  let remote: Awaited<ReturnType<typeof embeddingServer>>;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "opendiscourse-reembed-"));
    remote = await embeddingServer();
  });
  afterAll(() => {
    remote?.server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("refuses to mix models, and `reembed` moves every document to the new one", async () => {
    const data = join(root, "data");
    const docs = join(FIXTURES, "documents");
    const bill = join(FIXTURES, "gov", "bill-text", "billsim", "117", "bills", "hr2002");
    const renderings = ["BILLS-117hr2002ih.htm", "BILLS-117hr2002ih.xml"].map((name) => join(bill, name));
    const ingest = await run(["ingest", docs, ...renderings, "--wait", "--json", "--data", data]);
    expect(ingest.code).toBe(0);
    const before = JSON.parse((await run(["status", "--json", "--data", data])).stdout) as {
      embedding: { model: string; dimensions: number };
    };
    expect(before.embedding).toEqual({ model: "universal-sentence-encoder-lite", dimensions: 512 });

    const openai = {
      OPENDISCOURSE_EMBEDDER: "openai",
      OPENDISCOURSE_EMBEDDER_URL: remote.url,
      OPENDISCOURSE_EMBEDDER_MODEL: "hashed-words",
    };
    const mixed = await run(["search", "fiscal recovery", "--mode", "semantic", "--data", data], openai);
    expect(mixed.code).toBe(75);
    expect(mixed.stderr).toMatch(/reembed/);

    const reembed = await run(["reembed", "--data", data], openai);
    expect(reembed.stderr).toMatch(
      /^re-embedding 4 documents with hashed-words \(was universal-sentence-encoder-lite\)\n$/,
    );
    expect(reembed.code).toBe(0);
    expect(reembed.stdout).toMatch(/re-embedded 4 documents with hashed-words/);
    const after = JSON.parse((await run(["status", "--json", "--data", data], openai)).stdout) as {
      embedding: { model: string; dimensions: number };
      documents: Record<string, number>;
    };
    expect(after.embedding).toEqual({ model: "hashed-words", dimensions: DIMENSIONS });
    expect(after.documents.ready).toBe(4);

    const search = await run(
      ["search", "coronavirus state fiscal recovery fund", "--mode", "semantic", "--json", "--data", data],
      openai,
    );
    expect(search.code).toBe(0);
    const page = JSON.parse(search.stdout) as { results: { filename: string; billId?: string }[] };
    // The bill's XML and HTML, renderings of one version, are one result.
    expect(page.results.filter((r) => r.billId === "117-hr-2002").map((r) => r.filename)).toEqual([
      expect.stringMatching(/^BILLS-117hr2002ih\.(htm|xml)$/),
    ]);
    expect(remote.calls()).toBeGreaterThan(0);
  });
});
