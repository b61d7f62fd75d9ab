import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteDatabase } from "../../src/adapters/node/sqlite-database";
import { createSqliteKeyValue } from "../../src/adapters/node/sqlite-key-value";
import { createSecurity } from "../../src/core/security";
import { type CliRun, finishCli, runCli, serverUrl, startCli } from "../support/cli";

const ENV = { OPENDISCOURSE_EMBEDDER: "none" };

const run = (args: string[], input?: string) => runCli(args, { env: ENV, input: input ?? "" });

describe("opendiscourse users, keys and audit", () => {
  let data: string;
  let server: ChildProcess;
  let served: Promise<CliRun>;
  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), "opendiscourse-cli-security-"));
    server = startCli(["serve", "--port", "0", "--data", data], { env: ENV });
    served = finishCli(server);
    await serverUrl(server);
  });
  afterAll(async () => {
    server.kill("SIGTERM");
    await served;
    rmSync(data, { recursive: true, force: true });
  });

  it("creates a key, revokes it while the server runs, and verifies the audit trail", async () => {
    const created = await run([
      "keys",
      "create",
      "--role",
      "editor",
      "--expires",
      "2099-01-01",
      "--json",
      "--data",
      data,
    ]);
    expect(created.code).toBe(0);
    const key = JSON.parse(created.stdout) as Record<string, string>;
    expect(Object.keys(key).sort()).toEqual(["expiresAt", "id", "key", "prefix", "role"]);
    expect(key).toMatchObject({ role: "editor", expiresAt: "2099-01-01T00:00:00.000Z" });
    expect(key.key).toMatch(new RegExp(`^od_${key.prefix}_`));

    // A connection held open across the revocation, as the server's is: no cache stands between it and the row.
    const db = openSqliteDatabase({ path: join(data, "opendiscourse.db") });
    try {
      const { keys } = createSecurity({ db, kv: createSqliteKeyValue({ db }) });
      expect(await keys.authenticate(key.key ?? "", { ip: "127.0.0.1" })).toMatchObject({ ok: true });
      const listed = await run(["keys", "list", "--json", "--data", data]);
      expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ id: key.id, lastUsedIp: "127.0.0.1" })]);
      expect(listed.stdout).not.toContain(key.key);

      const revoked = await run(["keys", "revoke", key.id ?? "", "--data", data]);
      expect(revoked.code).toBe(0);
      expect(await keys.authenticate(key.key ?? "", {})).toEqual({ ok: false, reason: "revoked" });
    } finally {
      await db.close();
    }

    const user = await run(
      ["users", "create", "--role", "admin", "root", "--password-stdin", "--data", data],
      "a long passphrase\n",
    );
    expect(user.code).toBe(0);
    const verified = await run(["audit", "verify", "--data", data]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/intact: 3 entries/);
    const exported = await run(["audit", "export", "--data", data]);
    const lines = exported.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.seq, l.actor, l.action])).toEqual([
      [1, "cli", "key.create"],
      [2, "cli", "key.revoke"],
      [3, "cli", "user.create"],
    ]);
  });

  it("keeps one chain when several processes append at once", async () => {
    const own = mkdtempSync(join(tmpdir(), "opendiscourse-cli-race-"));
    try {
      const runs = await Promise.all(
        ["viewer", "editor", "admin", "viewer"].map((role) => run(["keys", "create", "--role", role, "--data", own])),
      );
      expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0]);
      const verified = await run(["audit", "verify", "--data", own]);
      expect(verified.code).toBe(0);
      expect(verified.stdout).toMatch(/intact: 4 entries/);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });

  it("reports the first bad entry and exits non-zero when the log was edited", async () => {
    const own = mkdtempSync(join(tmpdir(), "opendiscourse-cli-audit-"));
    try {
      for (const role of ["viewer", "admin"]) {
        expect((await run(["keys", "create", "--role", role, "--data", own])).code).toBe(0);
      }
      const db = openSqliteDatabase({ path: join(own, "opendiscourse.db") });
      db.raw.exec('DROP TRIGGER audit_log_no_update; UPDATE audit_log SET after = \'{"role":"admin"}\' WHERE seq = 1');
      await db.close();
      const verified = await run(["audit", "verify", "--data", own]);
      expect(verified.code).not.toBe(0);
      expect(verified.stderr).toMatch(/entry 1 \(altered\)/);
      const bad = await run(["keys", "create", "--role", "root", "--data", own]);
      expect(bad.code).toBe(64);
      expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });

  it("creates the first key before the data folder exists", async () => {
    const fresh = join(data, "not-yet", "data");
    const created = await run(["keys", "create", "--role", "admin", "--json", "--data", fresh]);
    expect(created).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(created.stdout)).toMatchObject({ role: "admin" });
  });
});
