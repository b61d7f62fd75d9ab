import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { chunkText, type ParsedDocument } from "../formats";
import { type GovDocument, type ReadDocument, readDocument } from "../formats/gov";
import type { Citation } from "../formats/gov/types";
import type { DocumentFormat } from "./domain";
import { documentCitations } from "./enrich";
import { acronymField } from "./search/acronyms";

/** Characters of a chunk given to the embedder: USE-lite reads the first ~100-200 words well. */
const EMBED_MAX_CHARS = 2000;

/** A chunk as it is stored, but for its text, which is `text.slice(start, end)` of the document it is from. */
export interface PreparedChunk {
  ord: number;
  start: number;
  end: number;
  heading: string;
  speaker: string | null;
  /** The acronym tokens of its text (see search/acronyms.ts). */
  acronyms: string;
  /** The hash of what the embedder reads of it, by which a stored vector is reused. */
  embedKey: string;
}

/** What storing a parse needs that follows from the parse alone. */
export interface PreparedText {
  chunks: PreparedChunk[];
  /** See `textKey`; null for a document without chunks. */
  textKey: string | null;
  /** The citations the markup states and those found in the prose, one per target and place. */
  citations: Citation[];
}

/** A document as read for storage: its parse, and the prepared text of it and of each of its parts. */
export interface DocumentForStorage extends ReadDocument {
  prepared: PreparedText;
  /** One per part (`gov.children`), in their order. */
  parts: PreparedText[];
}

export interface ReadOptions {
  chunkMaxChars: number;
}

/**
 * Reads a stored document for the pipeline. Where a runtime reads documents off its event loop (a Node thread), it
 * runs this whole: besides parsing, chunking, chunk hashes, acronyms and the citations in the prose took 70 % of
 * storing a Federal Register issue on the event loop (120 of 170 ms), which is left with resolving people and
 * committees and writing.
 */
export type DocumentReader = (
  bytes: Uint8Array,
  format: DocumentFormat,
  options: ReadOptions,
) => Promise<DocumentForStorage>;

export const readForStorage: DocumentReader = async (bytes, format, options) => {
  const read = await readDocument(bytes, format);
  return {
    ...read,
    prepared: prepareText(read.parsed, read.gov, options.chunkMaxChars),
    parts: (read.gov?.children ?? []).map((child) => prepareText(child, child, options.chunkMaxChars)),
  };
};

export function prepareText(parsed: ParsedDocument, gov: GovDocument | null, chunkMaxChars: number): PreparedText {
  const chunks = chunkText(parsed, { maxChars: chunkMaxChars }).map(
    (c): PreparedChunk => ({
      ord: c.ord,
      start: c.start,
      end: c.end,
      heading: c.heading,
      speaker: c.speaker ?? null,
      acronyms: acronymField(c.text),
      embedKey: sha256Hex(embeddingInput(c.heading, c.text)),
    }),
  );
  return {
    chunks,
    textKey: chunks.length > 0 ? textKey(parsed.text, gov?.metadata) : null,
    citations: documentCitations(parsed, gov),
  };
}

/** What the embedder reads of a chunk: its heading and text, cut at `EMBED_MAX_CHARS`. */
export function embeddingInput(heading: string, text: string): string {
  const input = heading ? `${heading}\n${text}` : text;
  return input.length > EMBED_MAX_CHARS ? input.slice(0, EMBED_MAX_CHARS) : input;
}

/**
 * What a document says, as a key (migrations/0012_text_key.sql): its text, and what it is, so that two bills or two
 * versions of one bill worded alike stay apart.
 */
export function textKey(
  text: string,
  meta:
    | { documentType?: string | null; billId?: string | null; version?: { code: string } | null; date?: string | null }
    | undefined,
): string {
  const what = [meta?.documentType ?? null, meta?.billId ?? null, meta?.version?.code ?? null, meta?.date ?? null];
  return sha256Hex(`${JSON.stringify(what)}\n${text}`);
}

function sha256Hex(text: string): string {
  return bytesToHex(sha256(new TextEncoder().encode(text)));
}
