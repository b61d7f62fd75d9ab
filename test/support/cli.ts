import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

/** The `opendiscourse` command as installed (`bin`), run with the current Node. */
export const BIN = join(import.meta.dirname, "..", "..", "bin", "opendiscourse.js");

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Added to the environment, over one embedding thread (the tests run side by side on few cores). */
  env?: Record<string, string>;
  /** Written to stdin, which is then closed; without it stdin is ignored. */
  input?: string;
}

/** Starts the command; pair with `finishCli` to collect its output. */
export function startCli(args: string[], options: CliOptions = {}): ChildProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, OPENDISCOURSE_EMBED_THREADS: "1", ...options.env },
    stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  if (options.input !== undefined) child.stdin?.end(options.input);
  return child;
}

/** Its exit code or signal and everything it wrote, once it has exited. */
export function finishCli(child: ChildProcess): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => {
    stdout += d;
  });
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  return new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  return finishCli(startCli(args, options));
}

/** The address a `serve` child prints ("serving at URL" on stderr); rejects when it exits first. */
export function serverUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = "";
    child.stderr?.on("data", (d) => {
      seen += d;
      const match = /serving at (http:\/\/\S+)/.exec(seen);
      if (match?.[1]) resolve(match[1]);
    });
    child.on("close", () => reject(new Error(`server exited: ${seen}`)));
  });
}
