import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { type NodeSqlDatabase, openSqliteDatabase } from "./sqlite-database";
import { createSqliteJobQueue } from "./sqlite-job-queue";

// Real consumer processes (./sqlite-job-queue.worker-fixture.ts) sharing one database file, as the server and a
// CLI ingest do.

const dirs: string[] = [];
const dbs: NodeSqlDatabase[] = [];

afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "job-queue-processes-"));
  dirs.push(dir);
  const dbPath = path.join(dir, "queue.sqlite");
  const db = openSqliteDatabase({ path: dbPath });
  dbs.push(db);
  return { dir, dbPath, queue: createSqliteJobQueue<{ n: number }>({ db, queue: "ingest" }) };
}

async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("createSqliteJobQueue across processes", () => {
  const fixture = fileURLToPath(new URL("./sqlite-job-queue.worker-fixture.ts", import.meta.url));
  type Line = { n: number; attempts: number; pid: number };

  function startConsumer(settings: {
    dbPath: string;
    out: string;
    mode: "work" | "hang";
    visibilityTimeoutSeconds: number;
  }) {
    const child = spawn(process.execPath, ["--import", "tsx", fixture], {
      env: {
        ...process.env,
        JOB_QUEUE_FIXTURE: JSON.stringify({ queue: "ingest", batchSize: 4, handlerDelayMs: 5, ...settings }),
      },
      stdio: ["pipe", "pipe", "inherit"],
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("ready")) resolve();
      });
      child.once("exit", (code) => reject(new Error(`consumer exited early with ${code}`)));
    });
    return { child, ready, exited, go: () => child.stdin.write("go\n") };
  }

  const readLines = (file: string): Line[] =>
    fs.existsSync(file)
      ? fs
          .readFileSync(file, "utf8")
          .split("\n")
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Line)
      : [];

  it("two consumer processes on one file handle every message exactly once between them", async () => {
    const { dir, dbPath, queue } = setup();
    const outs = [path.join(dir, "a.jsonl"), path.join(dir, "b.jsonl")];
    const consumers = outs.map((out) => startConsumer({ dbPath, out, mode: "work", visibilityTimeoutSeconds: 30 }));
    await Promise.all(consumers.map((c) => c.ready));
    const total = 200;
    await queue.sendBatch(Array.from({ length: total }, (_, n) => ({ body: { n } })));
    for (const c of consumers) c.go();
    expect(await Promise.all(consumers.map((c) => c.exited))).toEqual([0, 0]);

    const lines = outs.flatMap(readLines);
    expect(lines.map((l) => l.n).sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, n) => n));
    expect(lines.every((l) => l.attempts === 1)).toBe(true);
    expect(await queue.stats()).toEqual({ ready: 0, delayed: 0, inFlight: 0, dead: 0 });
  });

  it("delivers the messages of a consumer killed mid-batch to another one once the lease runs out", async () => {
    const { dir, dbPath, queue } = setup();
    await queue.sendBatch(Array.from({ length: 10 }, (_, n) => ({ body: { n } })));

    const victimOut = path.join(dir, "victim.jsonl");
    const victim = startConsumer({ dbPath, out: victimOut, mode: "hang", visibilityTimeoutSeconds: 1 });
    await waitFor(() => readLines(victimOut).length === 4);
    victim.child.kill("SIGKILL");
    await victim.exited;
    const lost = readLines(victimOut).map((l) => l.n);
    expect(await queue.stats()).toMatchObject({ inFlight: 4 });

    const survivorOut = path.join(dir, "survivor.jsonl");
    const survivor = startConsumer({ dbPath, out: survivorOut, mode: "work", visibilityTimeoutSeconds: 1 });
    await survivor.ready;
    survivor.go();
    expect(await survivor.exited).toBe(0);

    const handled = readLines(survivorOut);
    expect(handled.map((l) => l.n).sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, n) => n));
    for (const line of handled) expect(line.attempts).toBe(lost.includes(line.n) ? 2 : 1);
    expect(await queue.stats()).toEqual({ ready: 0, delayed: 0, inFlight: 0, dead: 0 });
  });
});
