import { AppError, errorMessage } from "../core/errors";
import { declaredCharset, decodeText } from "./decode";
import { parseHtml } from "./html";
import { parseMarkdown } from "./markdown";
import { parsePdf } from "./pdf";
import { TextBuilder } from "./text-builder";
import { DOCUMENT_FORMATS, type DocumentFormat, type ParsedDocument } from "./types";
import { parseXml } from "./xml";

/** Plain text as it is, normalised (line ends, trailing spaces, runs of blank lines); no title, no sections. */
export function parsePlainText(source: string): ParsedDocument {
  const builder = new TextBuilder();
  builder.append(source, true);
  return builder.finish();
}

/**
 * Parses a whole file in a format `detectFormat` reported. Text is decoded from a byte order mark, else UTF-8, else
 * the charset the document declares, else windows-1252; HTML, XML and Markdown never fail on malformed markup.
 * Throws AppError "unprocessable" with a one-line reason when the file cannot be read as that format (a damaged,
 * truncated or encrypted PDF, a PDF without text) and "bad_request" for an unknown format. Pure: the bytes are not
 * modified.
 */
export async function parseDocument(bytes: Uint8Array, format: DocumentFormat): Promise<ParsedDocument> {
  if (!DOCUMENT_FORMATS.includes(format)) throw new AppError("bad_request", `unknown document format: ${format}`);
  if (format === "pdf") return parsePdf(bytes);
  try {
    switch (format) {
      case "text":
        return parsePlainText(decodeText(bytes));
      case "markdown":
        return parseMarkdown(decodeText(bytes));
      case "html":
        return parseHtml(decodeText(bytes, { declaredCharset: declaredCharset(bytes) }));
      case "xml":
        return parseXml(decodeText(bytes, { declaredCharset: declaredCharset(bytes) }));
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("unprocessable", `the ${format} document could not be parsed: ${errorMessage(error)}`);
  }
}
