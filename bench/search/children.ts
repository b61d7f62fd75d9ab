/** Child processes of the benchmark: the server, the load generator, the competing engines. */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const HERE = import.meta.dirname;
export const REPO_ROOT = join(HERE, "..", "..");

export interface ChildOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Peak resident memory of the child (VmHWM), sampled while it ran, in bytes. */
  peakRssBytes: number;
}

/**
 * Resident memory now, at its peak, and its anonymous part (the heap and native allocations, without mapped file
 * pages such as the memory-mapped database, which are the OS page cache), from /proc (Linux), in bytes; zeros when
 * unreadable.
 */
export function processMemory(pid: number): { rss: number; peak: number; anon: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb("VmRSS"), peak: kb("VmHWM"), anon: kb("RssAnon") };
  } catch {
    return { rss: 0, peak: 0, anon: 0 };
  }
}

function nodeArgs(script: string, flags: string[], args: string[]): string[] {
  return [...flags, "--import", "tsx", join(HERE, script), ...args];
}

/** Runs a script of this folder with a JSON spec (written to `specFile`) and collects its output. */
export function runChild(options: {
  script: string;
  spec: unknown;
  specFile: string;
  flags?: string[];
  timeoutMs: number;
}): Promise<ChildOutcome> {
  writeFileSync(options.specFile, JSON.stringify(options.spec));
  const child = spawn(process.execPath, nodeArgs(options.script, options.flags ?? [], [options.specFile]), {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let peak = 0;
  let timedOut = false;
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const sampler = setInterval(() => {
    if (child.pid) peak = Math.max(peak, processMemory(child.pid).peak);
  }, 200);
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, options.timeoutMs);
  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      clearInterval(sampler);
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut, peakRssBytes: peak });
    });
  });
}

/** The last JSON line a child printed, or null. */
export function lastJson<T>(outcome: ChildOutcome): T | null {
  const line = outcome.stdout.trim().split("\n").pop();
  if (!line || outcome.code !== 0) return null;
  try {
    return JSON.parse(line) as T;
  } catch {
    return null;
  }
}

export interface ServerChild {
  url: string;
  /** A viewer key the server accepts. */
  key: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts the real server over `dataDir` and resolves once it listens; tries `attempts` times, a while apart, since
 * a server that cannot start (a source file caught mid-edit) may well start a little later.
 */
export async function startServerChild(
  dataDir: string,
  options: { keywordOnly?: boolean; attempts?: number } = {},
): Promise<ServerChild> {
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await startServerOnce(dataDir, options.keywordOnly ? ["--keyword-only"] : []);
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20_000));
    }
  }
}

function startServerOnce(dataDir: string, args: string[]): Promise<ServerChild> {
  // The server reads its stdin until it ends: when this process goes, however it goes, the server stops too.
  const child: ChildProcess = spawn(process.execPath, nodeArgs("server-child.ts", [], [dataDir, ...args]), {
    cwd: REPO_ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    let out = "";
    let listening = false;
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (!line || listening) return;
      listening = true;
      const { url, key } = JSON.parse(line) as { url: string; key: string };
      resolve({
        url,
        key,
        pid: child.pid as number,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            const force = setTimeout(() => child.kill("SIGKILL"), 30_000);
            child.once("close", () => {
              clearTimeout(force);
              done();
            });
            child.stdin?.end();
          }),
      });
    });
    child.once("close", (code) => {
      if (!listening) reject(new Error(`the server exited (${code}) before listening: ${stderr}`));
    });
  });
}
