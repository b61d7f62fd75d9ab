import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { AppError } from "../../core/errors";
import { type CommitteeRecord, parseCommitteesText } from "../../core/people/committees";
import type { Legislator } from "../../core/people/legislators";
import { parseLegislatorsText } from "../../core/people/legislators-text";

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
  return parseCommitteesText(await readFile(COMMITTEES_PATH, "utf8"));
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
  return parseLegislatorsText(text);
}
