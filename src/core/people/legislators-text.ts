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
  const json = /^\s*\[/.test(text);
  let data: unknown;
  try {
    // Aliases stay bounded: the file is data, and a hostile one must not expand without limit.
    data = json ? JSON.parse(text) : parse(text, { maxAliasCount: 100 });
  } catch (error) {
    const first = (error as Error).message.split("\n")[0];
    throw new AppError("unprocessable", `legislators file is not valid ${json ? "JSON" : "YAML"}: ${first}`);
  }
  return parseLegislators(data);
}
