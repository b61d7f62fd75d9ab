import { decodeText } from "../decode";
import { parseDocument } from "../parse";
import type { DocumentFormat, ParsedDocument } from "../types";
import { parsers as billText } from "./bill-text";
import { parsers as federalRegister } from "./federal-register";
import { parsers as misc } from "./misc";
import { parsers as record } from "./record";
import { type GovParser, type Sniff, xmlRoot } from "./sniff";
import { recogniseStatement } from "./statements";
import { parsers as status } from "./status";
import type { GovDocument } from "./types";
import { parsers as votes } from "./votes";

export * from "./bill-id";
export * from "./sniff";
export * from "./types";

/** Bytes a parser sees to decide: enough for an XML prolog with a long DOCTYPE or a page's head. */
export const GOV_SNIFF_BYTES = 64 * 1024;

/** Every format-specific parser, most specific first: the first that accepts a file reads it. */
export const GOV_PARSERS: readonly GovParser[] = [
  ...record,
  ...federalRegister,
  ...status,
  ...votes,
  ...billText,
  ...misc,
];

export function sniff(bytes: Uint8Array, format: DocumentFormat): Sniff {
  const head = bytes.subarray(0, GOV_SNIFF_BYTES);
  if (format === "pdf") return { format, head, pdf: bytes, text: "" };
  const text = decodeText(head);
  const root = format === "xml" ? (xmlRoot(text) ?? undefined) : undefined;
  return { format, head, text, root };
}

/**
 * The structured reading of a government document, or null when no format-specific parser recognises it (the
 * generic parser then reads it as text). Throws `AppError("unprocessable")` when a parser recognises the file but
 * cannot read it.
 */
export async function parseGovDocument(
  bytes: Uint8Array,
  format: DocumentFormat,
  parsers: readonly GovParser[] = GOV_PARSERS,
): Promise<GovDocument | null> {
  if (parsers.length === 0) return null;
  const seen = sniff(bytes, format);
  const parser = parsers.find((p) => p.accepts(seen));
  return parser ? parser.parse(bytes) : null;
}

export interface ReadDocument {
  parsed: ParsedDocument;
  gov: GovDocument | null;
}

/**
 * Reads any supported file: a format-specific parser when one recognises it, else the generic parser, whose text
 * is then checked for documents recognised by their wording (a Statement of Administration Policy PDF).
 */
export async function readDocument(
  bytes: Uint8Array,
  format: DocumentFormat,
  parsers: readonly GovParser[] = GOV_PARSERS,
): Promise<ReadDocument> {
  const gov = await parseGovDocument(bytes, format, parsers);
  if (gov) return { parsed: gov, gov };
  const parsed = await parseDocument(bytes, format);
  const recognised = recogniseStatement(parsed);
  return { parsed: recognised ?? parsed, gov: recognised };
}
