/**
 * Real documents for the search benchmark: every corpus file parsed by the product's parsers and chunked by its
 * chunker, with the document-level fields the product stores (title, bill id, document type), plus the gold CRS
 * summaries for long queries. The parse is cached as JSON, since it takes a while and is the same for every size.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { chunkText, type DocumentFormat, detectFormat, type ParsedDocument } from "../../src/formats";
import { type GovDocument, readDocument } from "../../src/formats/gov";

export interface BenchChunk {
  ord: number;
  start: number;
  end: number;
  heading: string;
  text: string;
}

export interface BenchDocument {
  filename: string;
  format: DocumentFormat;
  mediaType: string;
  size: number;
  title: string | null;
  parser: string | null;
  documentType: string | null;
  billId: string | null;
  congress: number | null;
  billType: string | null;
  version: string | null;
  date: string | null;
  text: string;
  chunks: BenchChunk[];
}

export interface BenchCorpus {
  documents: BenchDocument[];
  summaries: string[];
  billIds: string[];
}

const CHUNK_MAX_CHARS = 1000;

function toBenchDocument(
  parsed: ParsedDocument,
  gov: GovDocument | null,
  file: { name: string; format: DocumentFormat; mediaType: string; size: number },
): BenchDocument {
  const meta = gov?.metadata;
  return {
    filename: file.name,
    format: file.format,
    mediaType: file.mediaType,
    size: file.size,
    title: (meta?.title ?? parsed.title)?.trim() || null,
    parser: gov?.parser ?? null,
    documentType: meta?.documentType ?? null,
    billId: meta?.billId ?? null,
    congress: meta?.congress ?? null,
    billType: meta?.billType ?? null,
    version: meta?.version?.code ?? null,
    date: meta?.date ?? null,
    text: parsed.text,
    chunks: chunkText(parsed, { maxChars: CHUNK_MAX_CHARS }).map((c) => ({ ...c })),
  };
}

async function parseCorpus(corpus: string, log: (line: string) => void): Promise<BenchCorpus> {
  const manifest = readFileSync(join(corpus, "manifest.tsv"), "utf8").split("\n").slice(1).filter(Boolean);
  const documents: BenchDocument[] = [];
  let failed = 0;
  for (const line of manifest) {
    const path = line.split("\t")[0] as string;
    if (path.startsWith("reference/")) continue;
    const bytes = new Uint8Array(readFileSync(join(corpus, path)));
    const detected = detectFormat({ head: bytes.subarray(0, 8192), filename: basename(path) });
    if (!detected) continue;
    try {
      const { parsed, gov } = await readDocument(bytes, detected.format);
      const file = { name: basename(path), ...detected, size: bytes.length };
      documents.push(toBenchDocument(parsed, gov, file));
      for (const [i, child] of (gov?.children ?? []).entries()) {
        documents.push(toBenchDocument(child, child, { ...file, name: `${file.name}#${i + 1}` }));
      }
    } catch {
      failed++; // a file the product refuses is refused here too
    }
  }
  log(`corpus: ${documents.length} documents parsed, ${failed} refused`);
  const queries = readFileSync(join(corpus, "gold", "queries.tsv"), "utf8")
    .split("\n")
    .slice(1)
    .filter(Boolean);
  const rows = queries.map((l) => l.split("\t"));
  return {
    documents: documents.filter((d) => d.chunks.length > 0),
    summaries: rows.filter((r) => r[2] === "crs_summary").map((r) => r[4] ?? ""),
    billIds: [...new Set(rows.map((r) => r[1] ?? "").filter(Boolean))],
  };
}

/** The parsed corpus, from `cacheFile` when it is there (delete it to parse again). */
export async function loadCorpus(options: {
  corpus: string;
  cacheFile: string;
  log: (line: string) => void;
}): Promise<BenchCorpus> {
  if (existsSync(options.cacheFile)) return JSON.parse(readFileSync(options.cacheFile, "utf8")) as BenchCorpus;
  const parsed = await parseCorpus(options.corpus, options.log);
  mkdirSync(dirname(options.cacheFile), { recursive: true });
  writeFileSync(options.cacheFile, JSON.stringify(parsed));
  return parsed;
}
