import { decodeText } from "../../decode";
import { DETECT_HEAD_BYTES, detectFormat } from "../../detect";
import { type Sniff, xmlRoot } from "../sniff";

/** What the detection step hands a parser's `accepts`, built from a whole file's bytes. */
export function sniffOf(bytes: Uint8Array): Sniff {
  const head = bytes.subarray(0, DETECT_HEAD_BYTES);
  const format = detectFormat({ head })?.format ?? "text";
  const text = format === "pdf" ? "" : decodeText(head);
  const root = format === "xml" ? xmlRoot(text) : null;
  return root ? { format, head, text, root } : { format, head, text };
}
