/**
 * Reading the evaluation's inputs: the gold queries and judgements (TSV with a header row, as in the corpus's
 * `gold/` folder) and the list of corpus files with their category.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

export interface GoldQuery {
  qid: string;
  type: string;
  text: string;
}

export interface CorpusFile {
  /** Relative to the corpus folder, with `/` separators: the key the judgements use. */
  path: string;
  category: string;
}

/** Rows of a TSV file as objects keyed by the header's column names. Blank lines are skipped. */
export function readTsv(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, "utf8").split(/\r?\n/);
  const columns = (header ?? "").split("\t");
  return lines
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const cells = line.split("\t");
      return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? ""]));
    });
}

/** Queries from `qid, query_type, text` columns (others ignored). Throws when a column is missing. */
export function readQueries(file: string): GoldQuery[] {
  const rows = readTsv(file);
  for (const column of ["qid", "query_type", "text"]) {
    if (rows.length > 0 && !(column in (rows[0] as object))) throw new Error(`${file}: no ${column} column`);
  }
  return rows.map((r) => ({ qid: r.qid ?? "", type: r.query_type ?? "", text: r.text ?? "" }));
}

/** Judgements from `qid, doc_path, relevance` columns: qid → (corpus path → grade). */
export function readQrels(file: string): Map<string, Map<string, number>> {
  const qrels = new Map<string, Map<string, number>>();
  for (const r of readTsv(file)) {
    const qid = r.qid ?? "";
    const grade = Number(r.relevance);
    if (!qid || !r.doc_path || !Number.isFinite(grade)) continue;
    const judged = qrels.get(qid) ?? new Map<string, number>();
    qrels.set(qid, judged);
    judged.set(r.doc_path, Math.max(grade, judged.get(r.doc_path) ?? 0));
  }
  return qrels;
}

/**
 * The documents of a corpus: those `manifest.tsv` lists (path, category) when there is one, else every file under
 * the folder except `gold/` and the files at its top (README, manifest), the category being the first folder.
 */
export function listCorpus(corpus: string): CorpusFile[] {
  const manifest = join(corpus, "manifest.tsv");
  if (existsSync(manifest)) {
    return readTsv(manifest)
      .filter((r) => r.path)
      .map((r) => ({ path: r.path as string, category: r.category || (r.path as string).split("/")[0] || "" }));
  }
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
  return walk(corpus)
    .map((file) => relative(corpus, file).split(sep).join("/"))
    .filter((path) => path.includes("/") && !path.startsWith("gold/"))
    .map((path) => ({ path, category: path.split("/")[0] ?? "" }));
}
