import { sniff } from "../index";
import type { GovDocument } from "../types";
import { parsers } from "./index";

/** Parses bytes with the first bill-text parser that accepts them, as the gov registry would; null when none does. */
export async function parseBillText(
  bytes: Uint8Array,
  format: "xml" | "html" | "pdf" = "xml",
): Promise<GovDocument | null> {
  const seen = sniff(bytes, format);
  const parser = parsers.find((p) => p.accepts(seen));
  return parser ? parser.parse(bytes) : null;
}
