import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteDatabase } from "../../src/adapters/node/sqlite-database";
import { rewriteAuditChain } from "../support/audit-forgery";
import { runCli } from "../support/cli";

const ENV = { OPENDISCOURSE_EMBEDDER: "none" };

const run = (args: string[]) => runCli(args, { env: ENV, input: "" });

/** Rewrites who acted in every entry of the folder's log, and rehashes the chain and the head. */
async function rewriteWholeChain(dataDir: string): Promise<void> {
  const db = openSqliteDatabase({ path: join(dataDir, "opendiscourse.db") });
  try {
    await rewriteAuditChain(db.raw, () => "user:someone-else");
  } finally {
    await db.close();
  }
}

describe("opendiscourse audit head and verify --expect", () => {
  let data: string;
  beforeEach(async () => {
    data = mkdtempSync(join(tmpdir(), "opendiscourse-audit-head-"));
    for (const role of ["viewer", "editor", "admin"]) {
      expect((await run(["keys", "create", "--role", role, "--data", data])).code).toBe(0);
    }
  });
  afterEach(() => rmSync(data, { recursive: true, force: true }));

  it("prints the head, and verifies against it while the log only grows", async () => {
    const head = await run(["audit", "head", "--data", data]);
    expect(head.code).toBe(0);
    const recorded = head.stdout.trim();
    expect(recorded).toMatch(/^3:[0-9a-f]{64}$/);
    const json = await run(["audit", "head", "--json", "--data", data]);
    expect(JSON.parse(json.stdout)).toEqual({ seq: 3, hash: recorded.slice(2) });

    expect((await run(["keys", "create", "--role", "viewer", "--data", data])).code).toBe(0);
    const verified = await run(["audit", "verify", "--expect", recorded, "--data", data]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/intact: 4 entries.*still holding entry 3/);
  });

  it("fails, naming the seq, when the whole chain was rewritten consistently", async () => {
    const recorded = (await run(["audit", "head", "--data", data])).stdout.trim();
    await rewriteWholeChain(data);

    expect((await run(["audit", "verify", "--data", data])).code).toBe(0);
    const verified = await run(["audit", "verify", "--expect", recorded, "--data", data]);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toBe("");
    expect(verified.stderr.trim().split("\n")).toEqual([
      "audit log broken at entry 3 (rewritten): entry 3 is not the one recorded earlier: the log was rewritten",
    ]);
  });

  it("fails when the log was cut below the recorded head, and refuses a malformed head", async () => {
    const recorded = (await run(["audit", "head", "--data", data])).stdout.trim();
    const db = openSqliteDatabase({ path: join(data, "opendiscourse.db") });
    const second = db.raw.prepare("SELECT hash FROM audit_log WHERE seq = 2").get() as { hash: string };
    db.raw.exec("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 3");
    db.raw.prepare("UPDATE audit_head SET seq = 2, hash = ? WHERE id = 1").run(second.hash);
    await db.close();

    const verified = await run(["audit", "verify", "--expect", recorded, "--data", data]);
    expect(verified.code).toBe(1);
    expect(verified.stderr).toMatch(/^audit log broken at entry 3 \(truncated\): the log ends at entry 2/);
    const bad = await run(["audit", "verify", "--expect", "3:nothex", "--data", data]);
    expect(bad.code).toBe(64);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
  });
});
