import { parse } from "yaml";
import { AppError } from "../errors";
import { type Legislator, parseLegislators } from "./legislators";

/**
 * Legislators from the text of a congress-legislators file, YAML (`legislators-current.yaml`) or its JSON twin
 * (`legislators-historical.json`). JSON is read by `JSON.parse`, some fifty times faster than YAML, which matters
 * where the file is parsed at every cold start (the Worker). Throws `AppError("unprocessable")` when the text is
 * neither, or not a list of legislators.
 */
export function parseLegislatorsText(text: string): Legislator[] {
  return parseLegislators(parseDataText(text, "legislators"));
}

/**
 * The data of a congress-legislators file (`what`: "legislators", "committees"), YAML or JSON (a list). Throws
 * `AppError("unprocessable")` when the text is neither.
 */
export function parseDataText(text: string, what: string): unknown {
  const json = /^\s*\[/.test(text);
  try {
    // Aliases stay bounded: the file is data, and a hostile one must not expand without limit.
    return json ? JSON.parse(text) : parse(text, { maxAliasCount: 100 });
  } catch (error) {
    const first = (error as Error).message.split("\n")[0];
    throw new AppError("unprocessable", `${what} file is not valid ${json ? "JSON" : "YAML"}: ${first}`);
  }
}
