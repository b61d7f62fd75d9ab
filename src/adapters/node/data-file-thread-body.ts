import { parentPort, workerData } from "node:worker_threads";
import { parseCommitteesText } from "../../core/people/committees";
import { parseLegislatorsText } from "../../core/people/legislators-text";
import type { DataFileKind } from "./legislators-file";
import { threadError } from "./thread-error";

// Parses one congress-legislators file's text (see `parseOffThread` in legislators-file.ts) and answers once.
const { kind, text } = workerData as { kind: DataFileKind; text: string };
try {
  parentPort?.postMessage({ parsed: kind === "legislators" ? parseLegislatorsText(text) : parseCommitteesText(text) });
} catch (error) {
  parentPort?.postMessage({ error: threadError(error) });
}
