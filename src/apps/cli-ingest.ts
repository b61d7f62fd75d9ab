import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { Readable } from "node:stream";
import { SingleBar } from "cli-progress";
import type { AppConfig } from "../core/config";
import type { DocumentState } from "../core/domain";
import { AppError, errorMessage, isAppError } from "../core/errors";
import type { Logger } from "../core/observability";
import { EXIT_PARTIAL_FAILURE } from "./exit-codes";
import { openNodeRuntime } from "./node-runtime";

interface Outcome {
  path: string;
  id?: string;
  duplicate?: boolean;
  state?: DocumentState;
  error?: string;
  code?: string;
}

const WAIT_POLL_MS = 500;
const SWEEP_EVERY_MS = 10_000;

/** Files under the paths, recursively, in a stable order; hidden files and folders are skipped. */
async function* walk(path: string): AsyncGenerator<string> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new AppError("not_found", `no such file or folder: ${path}`);
  if (info.isFile()) {
    yield path;
    return;
  }
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const child = join(path, entry.name);
    if (entry.isDirectory()) yield* walk(child);
    else if (entry.isFile()) yield child;
  }
}

/** An argument naming a document on the web rather than a file. */
export function isUrlArgument(argument: string): boolean {
  return /^https?:\/\//i.test(argument);
}

/**
 * `opendiscourse ingest`: stores each file, or document fetched by URL, and queues it. With `--wait` this process
 * also works the queue (beside a running server, if any) until every document it named is ready or failed. A single
 * URL that cannot be fetched fails the command with the error's own exit code (77 when its address is refused).
 */
export async function runIngest(
  config: AppConfig,
  logger: Logger,
  options: { paths: string[]; wait: boolean; json: boolean },
): Promise<number> {
  const files: string[] = [];
  for (const path of options.paths) {
    if (isUrlArgument(path)) files.push(path);
    else for await (const file of walk(resolve(path))) files.push(file);
  }
  const runtime = await openNodeRuntime(config, logger);
  const { services } = runtime;
  const workers = options.wait ? runtime.startWorkers() : null;
  const bar = process.stderr.isTTY
    ? new SingleBar({ format: "{phase} [{bar}] {value}/{total} {file}", stream: process.stderr, hideCursor: true })
    : null;
  const print = (outcome: Outcome) => {
    if (options.json) process.stdout.write(`${JSON.stringify(outcome)}\n`);
  };
  const outcomes: Outcome[] = [];
  try {
    bar?.start(files.length, 0, { phase: "storing", file: "" });
    for (const path of files) {
      const url = isUrlArgument(path);
      bar?.increment({ file: url ? path : basename(path) });
      try {
        if (url) {
          const { id, duplicate, state } = await services.ingestUrl({ url: path, uploadedBy: "cli" });
          outcomes.push({ path, id, duplicate, state });
        } else {
          const result = await services.ingest({
            body: Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>,
            filename: basename(path),
            uploadedBy: "cli",
          });
          outcomes.push({ path, ...result });
        }
      } catch (error) {
        if (!isAppError(error)) throw error;
        if (url && files.length === 1) throw error;
        outcomes.push({ path, error: errorMessage(error), code: error.code });
      }
      if (!options.wait) print(outcomes.at(-1) as Outcome);
    }
    bar?.stop();
    if (options.wait) {
      await waitUntilSettled(outcomes, runtime.services, bar);
      for (const outcome of outcomes) print(outcome);
    }
  } finally {
    bar?.stop();
    await workers?.stop();
    await runtime.close();
  }
  const failed = outcomes.filter((o) => o.error || o.state === "failed");
  if (!options.json) {
    const stored = outcomes.filter((o) => o.id).length;
    process.stderr.write(
      `${stored} stored (${outcomes.filter((o) => o.duplicate).length} already present), ${failed.length} failed${options.wait ? "" : "; a running server or `ingest --wait` processes them"}\n`,
    );
    for (const f of failed) process.stderr.write(`  ${f.path}: ${f.error}\n`);
  }
  return failed.length > 0 ? EXIT_PARTIAL_FAILURE : 0;
}

async function waitUntilSettled(
  outcomes: Outcome[],
  services: Awaited<ReturnType<typeof openNodeRuntime>>["services"],
  bar: SingleBar | null,
): Promise<void> {
  const pending = new Map(outcomes.filter((o) => o.id).map((o) => [o.id as string, o]));
  bar?.start(pending.size, 0, { phase: "processing", file: "" });
  let lastSweep = Date.now();
  let settled = 0;
  for (;;) {
    for (const [id, outcome] of pending) {
      const doc = await services.documents.get(id).catch(() => null);
      outcome.state = doc?.state ?? "failed";
      if (!doc) outcome.error = "deleted while processing";
      else if (doc.state === "failed") outcome.error = doc.error ?? "failed";
      if (!doc || doc.state === "ready" || doc.state === "failed") {
        pending.delete(id);
        settled++;
      }
    }
    bar?.update(settled);
    if (pending.size === 0) return;
    if (Date.now() - lastSweep > SWEEP_EVERY_MS) {
      // Jobs a killed process stored but never sent.
      await services.jobs.sweep();
      lastSweep = Date.now();
    }
    await new Promise((r) => setTimeout(r, WAIT_POLL_MS));
  }
}
