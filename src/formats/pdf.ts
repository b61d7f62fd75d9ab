import { extractTextItems, getDocumentProxy, getMeta } from "unpdf";
import { AppError, errorMessage } from "../core/errors";
import { layoutPages } from "./pdf-layout";
import { TextBuilder } from "./text-builder";
import type { ParsedDocument } from "./types";

export interface PdfOptions {
  /** Give up after this long; pdf.js recovers from much damage, slowly. Default 120 s. */
  timeoutMs?: number;
}

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

/** Where `needle` (ASCII) first occurs in `bytes[from, to)`, or -1. */
export function indexOfAscii(bytes: Uint8Array, needle: string, from = 0, to = bytes.length): number {
  const end = Math.min(bytes.length, to) - needle.length;
  const first = needle.charCodeAt(0);
  // The typed array's own search finds each candidate: a scan of a long PDF takes milliseconds.
  outer: for (let i = bytes.indexOf(first, Math.max(0, from)); i >= 0 && i <= end; i = bytes.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) {
      if (bytes[i + j] !== needle.charCodeAt(j)) continue outer;
    }
    return i;
  }
  return -1;
}

/** A title worth showing: not empty, not a placeholder, not the name of the file it was made from. */
function cleanTitle(raw: unknown): string | undefined {
  if (typeof raw !== "string") return undefined;
  const title = raw
    .replace(/^Microsoft (Word|PowerPoint|Excel) - /i, "")
    .replace(/\s+/g, " ")
    .trim();
  if (title === "" || /^untitled/i.test(title) || /\.(docx?|pdf|rtf|wpd|pptx?|xlsx?)$/i.test(title)) return undefined;
  // A path on the machine that made it (GPO's `E:\BILLS\H2000.IH`).
  if (/^([A-Z]:)?\\|^[A-Z]:\/|^\/\S*\/\S+$/i.test(title)) return undefined;
  return title;
}

function unprocessable(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const name = error instanceof Error ? error.name : "";
  if (name === "PasswordException") return new AppError("unprocessable", "the PDF is password-protected");
  if (name === "InvalidPDFException") {
    return new AppError("unprocessable", `the PDF is damaged: ${errorMessage(error)}`);
  }
  return new AppError("unprocessable", `the PDF could not be read: ${errorMessage(error)}`);
}

async function extract(bytes: Uint8Array, setDocument: (pdf: PdfDocument) => void): Promise<ParsedDocument> {
  // pdf.js may take over the buffer it is given; the caller's bytes stay untouched.
  // Font warnings (pdf.js cannot load standard fonts here) say nothing about the text: verbosity 0 keeps errors only.
  const pdf = await getDocumentProxy(bytes.slice(), { isEvalSupported: false, useSystemFonts: false, verbosity: 0 });
  setDocument(pdf);
  const { items } = await extractTextItems(pdf);
  const meta = await getMeta(pdf).catch(() => null);
  const builder = new TextBuilder();
  layoutPages(items).forEach((pageText, i) => {
    const section = builder.openNamedSection(`Page ${i + 1}`, 1);
    builder.append(pageText, true);
    builder.closeSection(section);
  });
  const doc = builder.finish(cleanTitle(meta?.info?.Title));
  if (doc.text.trim() === "") {
    throw new AppError("unprocessable", "the PDF has no text layer (scanned pages would need OCR)");
  }
  return doc;
}

/**
 * PDF to text with unpdf (pdf.js): one section "Page N" per page, pages separated by blank lines, paragraphs
 * inferred from line spacing. Throws AppError "unprocessable" for a file that is not a PDF, is truncated, damaged,
 * password-protected, has no text, or takes longer than `timeoutMs`.
 */
export async function parsePdf(bytes: Uint8Array, options: PdfOptions = {}): Promise<ParsedDocument> {
  if (indexOfAscii(bytes, "%PDF-", 0, 1024) < 0) throw new AppError("unprocessable", "not a PDF file");
  // A PDF ends with %%EOF; pdf.js would otherwise quietly return whatever part of a cut-off upload it can read.
  if (indexOfAscii(bytes, "%%EOF", bytes.length - 4096, bytes.length) < 0) {
    throw new AppError("unprocessable", "the PDF is truncated (no end-of-file marker)");
  }
  const timeoutMs = options.timeoutMs ?? 120_000;
  let pdf: PdfDocument | null = null;
  let settled = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AppError("unprocessable", `the PDF took longer than ${Math.round(timeoutMs / 1000)} s to read`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([
      extract(bytes, (opened) => {
        pdf = opened;
        // A document opened after a timeout is released at once: nobody is waiting for it.
        if (settled) void opened.destroy().catch(() => {});
      }),
      timeout,
    ]);
  } catch (error) {
    throw unprocessable(error);
  } finally {
    settled = true;
    if (timer !== null) clearTimeout(timer);
    await (pdf as PdfDocument | null)?.destroy().catch(() => {});
  }
}
