import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { AppError } from "../../core/errors";
import { type Legislator, parseLegislators } from "../../core/people/legislators";

/** The legislators file committed with the product (congress-legislators, CC0). */
export const DEFAULT_LEGISLATORS_PATH = fileURLToPath(
  new URL("../../../reference/legislators/legislators-current.yaml", import.meta.url),
);

export interface LoadLegislatorsOptions {
  /** A congress-legislators YAML file: a newer `legislators-current.yaml` or `legislators-historical.yaml`. */
  path?: string;
}

/**
 * Reads and parses a legislators YAML file (the committed one by default). Throws `AppError("not_found")` when the
 * file does not exist and `AppError("unprocessable")` when it is not legislators YAML; reads the file once per call.
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
  let data: unknown;
  try {
    // Aliases stay bounded: the file is data, and a hostile one must not expand without limit.
    data = parse(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new AppError(
      "unprocessable",
      `legislators file is not valid YAML: ${(error as Error).message.split("\n")[0]}`,
    );
  }
  return parseLegislators(data);
}
