import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { AppError } from "../../core/errors";
import { type CommitteeRecord, parseCommitteesText } from "../../core/people/committees";
import type { Legislator } from "../../core/people/legislators";
import { parseLegislatorsText } from "../../core/people/legislators-text";
import { fromThreadError, type ThreadError } from "./thread-error";

/** The legislators file committed with the product (congress-legislators, CC0). */
export const DEFAULT_LEGISLATORS_PATH = fileURLToPath(
  new URL("../../../reference/legislators/legislators-current.yaml", import.meta.url),
);

/** The committees file committed with the product (congress-legislators, CC0): current committees and subcommittees. */
export const COMMITTEES_PATH = fileURLToPath(
  new URL("../../../reference/legislators/committees-current.yaml", import.meta.url),
);

/** The committed committees file, parsed. */
export async function loadCommitteesFile(): Promise<CommitteeRecord[]> {
  return parseOffThread("committees", await readFile(COMMITTEES_PATH, "utf8"), parseCommitteesText);
}

export interface LoadLegislatorsOptions {
  /** A congress-legislators file, YAML or JSON: a newer `legislators-current.yaml`, `legislators-historical.json`… */
  path?: string;
}

/**
 * Reads and parses a legislators file, YAML or JSON (the committed YAML by default). Throws `AppError("not_found")`
 * when the file does not exist and `AppError("unprocessable")` when it is not legislators data; reads the file once
 * per call.
 */
export async function loadLegislatorsFile(options: LoadLegislatorsOptions = {}): Promise<Legislator[]> {
  const file = options.path ?? DEFAULT_LEGISLATORS_PATH;
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new AppError("not_found", `legislators file not found: ${file}`);
    }
    throw error;
  }
  return parseOffThread("legislators", text, parseLegislatorsText);
}

export type DataFileKind = "legislators" | "committees";

const workerUrl = new URL("./data-file-worker.mjs", import.meta.url);

/**
 * Parses a data file's text on a thread of its own: the committed legislators file is a megabyte of YAML, which took
 * about a second to parse, and a server parses it at its first ingest, when every request would otherwise wait for
 * it. Refusals (`unprocessable`) come back as they were thrown; a thread that cannot start or dies leaves the parsing
 * to this one.
 */
function parseOffThread<T>(kind: DataFileKind, text: string, inProcess: (text: string) => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let answered = false;
    const here = () => {
      if (answered) return;
      answered = true;
      try {
        resolve(inProcess(text));
      } catch (error) {
        reject(error);
      }
    };
    let worker: Worker;
    try {
      worker = new Worker(workerUrl, { workerData: { kind, text }, execArgv: [] });
    } catch {
      return here();
    }
    worker.once("message", (answer: { parsed?: T; error?: ThreadError }) => {
      answered = true;
      void worker.terminate();
      if (answer.error) reject(fromThreadError(answer.error));
      else resolve(answer.parsed as T);
    });
    worker.once("error", here);
    worker.once("exit", here);
  });
}
