import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli";
import { type DocumentServer, startDocumentServer } from "../support/document-server";
import { FIXTURES } from "../support/runtime";

const OFFLINE = { OPENDISCOURSE_EMBEDDER: "none" };
const ALLOW_PRIVATE = { ...OFFLINE, OPENDISCOURSE_URL_INGEST_ALLOW_PRIVATE: "true" };

/** What the command said to its user on stderr, without the JSON log lines (a first start logs some). */
function messages(stderr: string): string[] {
  return stderr.split("\n").filter((line) => line !== "" && !line.startsWith("{"));
}

function storedFilenames(data: string): string[] {
  const db = new Database(join(data, "opendiscourse.db"), { readonly: true });
  try {
    return (db.prepare("SELECT filename FROM documents ORDER BY filename").all() as { filename: string }[]).map(
      (r) => r.filename,
    );
  } finally {
    db.close();
  }
}

describe("opendiscourse ingest URL", () => {
  let root: string;
  let server: DocumentServer;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "opendiscourse-ingest-url-"));
    server = await startDocumentServer();
  });
  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("refuses a loopback URL with one line and exit code 77, storing nothing", async () => {
    const data = join(root, "refused");
    const result = await runCli(["ingest", `${server.origin}/bills/S1900_RS.xml`, "--data", data], { env: OFFLINE });
    expect(result.code).toBe(77);
    expect(messages(result.stderr)).toEqual(["opendiscourse: refused: 127.0.0.1 is a loopback address"]);
    expect(result.stdout).toBe("");
    expect(server.requests).toEqual([]);
    expect(storedFilenames(data)).toEqual([]);
  });

  it("fetches a URL beside a file and waits for both to be ready", async () => {
    const data = join(root, "allowed");
    const url = `${server.origin}/redirect?to=/download`;
    const file = join(FIXTURES, "formats", "S1900_RS.xml");
    const result = await runCli(["ingest", url, file, "--wait", "--json", "--data", data], { env: ALLOW_PRIVATE });
    expect(messages(result.stderr)).toEqual([]);
    expect(result.code).toBe(0);
    const lines = result.stdout
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toMatchObject([
      { path: url, duplicate: false, state: "ready" },
      { path: file, duplicate: false, state: "ready" },
    ]);
    expect(storedFilenames(data)).toEqual(["H.R. 2471.pdf", "S1900_RS.xml"]);
  });

  it("reports a URL that fails among others in the summary, with exit code 1", async () => {
    const data = join(root, "partial");
    const file = join(FIXTURES, "formats", "S1900_RS.xml");
    const result = await runCli(["ingest", file, `${server.origin}/missing`, "--data", data], { env: ALLOW_PRIVATE });
    expect(result.code).toBe(1);
    expect(messages(result.stderr)).toEqual([
      "1 stored (0 already present), 1 failed; a running server or `ingest --wait` processes them",
      `  ${server.origin}/missing: ${server.origin}/missing answered 404 Not Found`,
    ]);
  });
});
