import { parentPort, workerData } from "node:worker_threads";
import { isAppError } from "../../core/errors";
import { parseCommitteesText } from "../../core/people/committees";
import { parseLegislatorsText } from "../../core/people/legislators-text";
import type { DataFileKind } from "./legislators-file";

// Parses one congress-legislators file's text (see `parseOffThread` in legislators-file.ts) and answers once.
const { kind, text } = workerData as { kind: DataFileKind; text: string };
try {
  parentPort?.postMessage({ parsed: kind === "legislators" ? parseLegislatorsText(text) : parseCommitteesText(text) });
} catch (error) {
  parentPort?.postMessage({
    error: isAppError(error)
      ? { code: error.code, message: error.message }
      : { code: "internal", message: String(error) },
  });
}
