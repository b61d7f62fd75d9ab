import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finishCli, runCli, serverUrl, startCli } from "../support/cli";
import { FIXTURES } from "../support/runtime";

const HR2002 = join(FIXTURES, "gov", "bill-text", "billsim", "117", "bills", "hr2002");

const start = (args: string[], env?: Record<string, string>) => startCli(args, { env });
const finish = finishCli;
const run = (args: string[], env?: Record<string, string>) => runCli(args, { env });
const jsonLines = (text: string) =>
  text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("the opendiscourse command", () => {
  let root: string;
  let docs: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "opendiscourse-cli-"));
    docs = join(root, "docs");
    mkdirSync(join(docs, "nested"), { recursive: true });
    cpSync(join(FIXTURES, "documents"), docs, { recursive: true });
    for (const name of ["BILLS-117hr2002ih.htm", "BILLS-117hr2002ih.xml"]) cpSync(join(HR2002, name), join(docs, name));
    writeFileSync(join(docs, "nested", "notes.md"), "# Appropriations notes\n\nThe committee reported the bill.\n");
    writeFileSync(
      join(docs, "broken.pdf"),
      readFileSync(join(FIXTURES, "documents", "2021-06-22_hr239.pdf")).subarray(0, 3000),
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("ingests files and folders with --wait --json, one line per document, exit 1 when one failed", async () => {
    const data = join(root, "data-ingest");
    const result = await run(["ingest", docs, "--wait", "--json", "--data", data]);
    const lines = jsonLines(result.stdout);
    expect(lines).toHaveLength(6);
    const broken = lines.find((l) => String(l.path).endsWith("broken.pdf"));
    expect(broken).toMatchObject({ state: "failed" });
    expect(String(broken?.error)).toMatch(/pdf/i);
    for (const line of lines.filter((l) => l !== broken)) expect(line).toMatchObject({ state: "ready" });
    expect(result.code).toBe(1);

    const search = await run(["search", "appropriations", "--mode", "hybrid", "--json", "--data", data]);
    expect(search.code).toBe(0);
    const page = JSON.parse(search.stdout) as { mode: string; results: { filename: string; snippet: string }[] };
    expect(page.mode).toBe("hybrid");
    expect(page.results.length).toBeGreaterThan(0);
    expect(page.results[0]?.snippet.length).toBeGreaterThan(0);
    // As text: each result's title, where its passage is, its snippet.
    const text = await run(["search", "fiscal recovery fund", "--mode", "keyword", "--data", data]);
    expect(text.stdout).toMatch(/^1\. .*\n {3}in .*fiscal recovery fund.*\n {3}.*\n {3}id /im);
    // A word no document holds is named, and the query offered with the word documents hold.
    const typo = await run(["search", "fiscal recovery fnud", "--mode", "keyword", "--data", data]);
    expect(typo.stdout).toMatch(/^\(no document contains fnud\)\nDid you mean: fiscal recovery fund\n1\. /);
    // No word in any document: the results are for the correction.
    const corrected = await run(["search", "recovry fnud", "--mode", "keyword", "--data", data]);
    expect(corrected.stdout).toMatch(/^\(showing results for recovery fund; --correct false searches as typed\)\n1\. /);
    const asTyped = await run(["search", "recovry fnud", "--mode", "keyword", "--correct", "false", "--data", data]);
    expect(asTyped.stdout).toBe("No results.\nDid you mean: recovery fund\n");

    const again = await run(["ingest", join(docs, "nested"), "--json", "--data", data]);
    expect(jsonLines(again.stdout)).toEqual([expect.objectContaining({ duplicate: true, state: "ready" })]);
    expect(again.code).toBe(0);

    const status = await run(["status", "--json", "--data", data]);
    expect(JSON.parse(status.stdout)).toMatchObject({ documents: { ready: 5, failed: 1 } });
  });

  it("answers bad usage with one line and an exit code", async () => {
    const missing = await run(["ingest", join(root, "nope"), "--data", join(root, "data-bad")]);
    expect(missing.code).toBe(66);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    const unknown = await run(["frobnicate"]);
    expect(unknown.code).toBe(64);
    const badMode = await run(["search", "x", "--mode", "psychic", "--data", join(root, "data-bad")]);
    expect(badMode.code).toBe(64);
    const badConfig = await run(["status"], { OPENDISCOURSE_PORT: "99999" });
    expect(badConfig.code).toBe(64);
    expect(badConfig.stderr).toMatch(/port/);
  });

  it("ends quietly when the reader of its output stops early", async () => {
    const child = start(["--help"]);
    child.stdout?.destroy();
    const { code, stderr } = await finish(child);
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });

  it("loads another legislators file into the data folder, refusing one that is not legislators data", async () => {
    const data = join(root, "data-legislators");
    const committed = join(import.meta.dirname, "..", "..", "reference", "legislators", "legislators-current.yaml");
    const before = await run(["legislators", "--data", data]);
    expect(before.stdout).toMatch(/^\d+ legislators from .*reference\/legislators\/legislators-current\.yaml\n$/);
    const load = await run(["legislators", "load", committed, "--data", data]);
    expect(load.code).toBe(0);
    const after = await run(["legislators", "--data", data]);
    expect(after.stdout).toContain(join(data, "legislators.yaml"));
    const bad = await run(["legislators", "load", join(docs, "nested", "notes.md"), "--data", data]);
    expect(bad.code).toBe(65);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("serves HTTP beside a CLI on the same data folder, refuses a taken port, and drains on SIGTERM", async () => {
    const data = join(root, "data-serve");
    const server = start(["serve", "--port", "0", "--data", data]);
    const done = finish(server);
    const url = await serverUrl(server);
    const port = new URL(url).port;
    const ingest = await run(["ingest", join(docs, "BILLS-117hr2002ih.htm"), "--wait", "--json", "--data", data]);
    expect(jsonLines(ingest.stdout)[0]).toMatchObject({ state: "ready" });
    const created = await run(["keys", "create", "--role", "admin", "--json", "--data", data]);
    const { key } = JSON.parse(created.stdout) as { key: string };
    const auth = { authorization: `Bearer ${key}` };
    const searchUrl = `${url}/v1/search?q=${encodeURIComponent("fiscal recovery fund")}`;
    expect((await fetch(searchUrl)).status).toBe(401);
    const res = await fetch(searchUrl, { headers: auth });
    expect(res.status).toBe(200);
    // The socket's address (loopback here) is what the admin allowlist judges; a forged header changes nothing.
    const metrics = await fetch(`${url}/metrics`, { headers: { ...auth, "x-forwarded-for": "203.0.113.5" } });
    expect(metrics.status).toBe(200);
    await metrics.body?.cancel();
    const body = (await res.json()) as { results: { filename: string }[] };
    expect(body.results[0]?.filename).toBe("BILLS-117hr2002ih.htm");

    const taken = await run(["serve", "--port", port, "--data", join(root, "data-taken")]);
    expect(taken.code).toBe(69);
    // Logs are JSON lines; the error itself is one plain line, the last.
    expect(taken.stderr.trim().split("\n").at(-1)).toMatch(/^opendiscourse: port \d+ .* already in use$/);

    server.kill("SIGTERM");
    const served = await done;
    expect(served.code).toBe(0);
    // The server started the model by itself, without waiting for a search to need it.
    expect(served.stderr).toMatch(/"msg":"semantic search ready"/);
  });

  it("ends with every document ready exactly once after a SIGKILL mid-ingest", async () => {
    const data = join(root, "data-kill");
    const many = join(root, "many");
    mkdirSync(many);
    const bill = readFileSync(join(HR2002, "BILLS-117hr2002ih.htm"), "utf8");
    for (let i = 0; i < 40; i++)
      writeFileSync(join(many, `doc-${i}.htm`), `${bill}\n<p>Variant ${i}: ${"appropriations ".repeat(i + 1)}</p>`);
    const env = { OPENDISCOURSE_JOB_VISIBILITY_TIMEOUT_SECONDS: "2" };
    const first = start(["ingest", many, "--wait", "--json", "--data", data], env);
    const killed = finish(first);
    // Kill once some documents are stored and some processed, before all are.
    const dbPath = join(data, "opendiscourse.db");
    for (let tries = 0; tries < 600; tries++) {
      await new Promise((r) => setTimeout(r, 50));
      try {
        const db = new Database(dbPath, { readonly: true, fileMustExist: true });
        const n = db.prepare("SELECT COUNT(*) AS n FROM documents WHERE state = 'ready'").get() as { n: number };
        db.close();
        if (n.n >= 3) break;
      } catch {
        // not created yet
      }
    }
    first.kill("SIGKILL");
    expect((await killed).signal).toBe("SIGKILL");

    const second = await run(["ingest", many, "--wait", "--json", "--data", data], env);
    const lines = jsonLines(second.stdout);
    expect(lines).toHaveLength(40);
    for (const line of lines) expect(line).toMatchObject({ state: "ready" });
    expect(second.code).toBe(0);

    const db = new Database(dbPath, { readonly: true });
    const docsRows = db.prepare("SELECT id, state, chunk_count FROM documents").all() as {
      id: string;
      state: string;
      chunk_count: number;
    }[];
    expect(docsRows).toHaveLength(40);
    expect(new Set(lines.map((l) => l.id)).size).toBe(40);
    const chunks = db.prepare("SELECT document_id, COUNT(*) AS n FROM chunks GROUP BY document_id").all() as {
      document_id: string;
      n: number;
    }[];
    const byDoc = new Map(chunks.map((c) => [c.document_id, c.n]));
    for (const doc of docsRows) {
      expect(doc.state).toBe("ready");
      expect(byDoc.get(doc.id)).toBe(doc.chunk_count);
    }
    const fts = db.prepare("SELECT COUNT(*) AS n FROM chunks_fts").get() as { n: number };
    expect(fts.n).toBe(chunks.reduce((n, c) => n + c.n, 0));
    db.close();
    const blobs = readdirSync(join(data, "blobs"), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(blobs.length).toBeGreaterThanOrEqual(40);
  });
});
