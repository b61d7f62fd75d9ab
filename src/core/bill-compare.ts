import type { Deps } from "./deps";
import { AppError } from "./errors";
import { alignUnits, type SectionUnit, type StoredSection, sameText, sectionUnits } from "./section-align";
import { chronological } from "./version-order";
import { DEFAULT_DIFF_BUDGET, type DiffBudget, diffText, type TextDiff } from "./word-diff";

export interface ComparedVersion {
  version: string | null;
  name: string | null;
  date: string | null;
  /** The rendering compared: the same parser on both sides when the two versions share one. */
  documentId: string;
  format: string;
  parser: string | null;
}

export interface ComparedSide {
  heading: string | null;
  path: string | null;
  /** Offsets into the document's text (`GET /v1/documents/{id}/text`). */
  start: number;
  end: number;
  text: string;
}

export type SectionStatus = "added" | "removed" | "changed" | "unchanged";

export interface SectionComparison {
  key: string;
  status: SectionStatus;
  from: ComparedSide | null;
  to: ComparedSide | null;
  /** Changed sections only; null when the change is too large to diff within the request's limits. */
  diff: TextDiff | null;
}

export interface BillComparison {
  billId: string;
  from: ComparedVersion;
  to: ComparedVersion;
  /** Every version of the bill, oldest first: the codes `from` and `to` may name. */
  versions: { version: string | null; name: string | null; date: string | null }[];
  summary: Record<SectionStatus, number>;
  sections: SectionComparison[];
  /** True when some changed section has no diff because of the limits. */
  diffLimited: boolean;
}

interface VersionRow {
  document_id: string;
  version_code: string | null;
  version_name: string | null;
  date: string | null;
  format: string;
  parser: string | null;
  has_text: number;
}

/** Renderings in order of preference: the richest structure first. */
const PARSER_RANK = ["uslm-xml", "bill-dtd-xml", "bill-xhtml", "bill-html", "bill-pdf"];

/**
 * Compares two versions of a bill section by section. `from` and `to` name a version code (`ih`, `eh`) or one
 * rendering's document id; they default to the oldest and the newest version. Diffs share one work budget, so a
 * bill of any size answers in bounded time: sections past it are reported changed without a diff.
 */
export function createBillCompare(deps: Pick<Deps, "db">, options: { diffBudget?: number } = {}) {
  const { db } = deps;
  return async function compare(input: { billId: string; from?: string; to?: string }): Promise<BillComparison> {
    const billId = input.billId.toLowerCase();
    const { results: rows } = await db
      .prepare(
        `SELECT v.document_id, v.version_code, v.version_name, v.date, v.format, v.parser,
           EXISTS (SELECT 1 FROM document_texts t WHERE t.document_id = v.document_id) AS has_text
         FROM bill_versions v JOIN documents d ON d.id = v.document_id
         WHERE v.bill_id = ? ORDER BY d.created_at, d.id`,
      )
      .bind(billId)
      .all<VersionRow>();
    if (rows.length === 0) throw new AppError("not_found", `no version of bill ${billId}`);
    const versions = chronological(
      [...new Set(rows.map((r) => r.version_code ?? ""))].map((code) => {
        const renderings = rows.filter((r) => (r.version_code ?? "") === code);
        const dates = renderings.flatMap((r) => (r.date ? [r.date] : [])).sort();
        return { code, version: renderings[0]?.version_code ?? null, name: nameOf(rows, code), date: dates[0] ?? null };
      }),
    );
    const order = versions.map((v) => v.code);
    const fromRows = pickVersion(rows, input.from, order[0] as string, billId);
    const toRows = pickVersion(rows, input.to, order.at(-1) as string, billId);
    // Two renderings of one version may be compared when named by document id; one version with itself may not.
    if (fromRows.some((r) => toRows.includes(r))) {
      const what = order.length === 1 && !input.from && !input.to ? `bill ${billId} has one version` : "";
      throw new AppError("bad_request", what || "from and to name the same version");
    }
    const [fromRow, toRow] = pickRenderings(fromRows, toRows);
    const { results: texts } = await db
      .prepare("SELECT document_id, text, sections FROM document_texts WHERE document_id IN (?, ?)")
      .bind(fromRow.document_id, toRow.document_id)
      .all<{ document_id: string; text: string; sections: string }>();
    const units = (row: VersionRow): SectionUnit[] => {
      const stored = texts.find((t) => t.document_id === row.document_id);
      if (!stored) throw new AppError("conflict", `document ${row.document_id} has no text yet`);
      return sectionUnits(stored.text, JSON.parse(stored.sections) as StoredSection[]);
    };
    const budget: DiffBudget = { remaining: options.diffBudget ?? DEFAULT_DIFF_BUDGET };
    const sections = alignUnits(units(fromRow), units(toRow)).map(({ key, from, to }): SectionComparison => {
      const status: SectionStatus = !from
        ? "added"
        : !to
          ? "removed"
          : sameText(from.text, to.text)
            ? "unchanged"
            : "changed";
      const diff = status === "changed" && from && to ? diffText(from.text, to.text, { budget }) : null;
      return { key, status, from: from && side(from), to: to && side(to), diff };
    });
    const summary: Record<SectionStatus, number> = { added: 0, removed: 0, changed: 0, unchanged: 0 };
    for (const s of sections) summary[s.status]++;
    return {
      billId,
      from: compared(fromRow, fromRows),
      to: compared(toRow, toRows),
      versions: versions.map(({ version, name, date }) => ({ version, name, date })),
      summary,
      sections,
      diffLimited: sections.some((s) => s.status === "changed" && s.diff === null),
    };
  };
}

/** The renderings of the version a parameter names: a version code, or a document id for that one rendering. */
function pickVersion(rows: VersionRow[], wanted: string | undefined, fallback: string, billId: string): VersionRow[] {
  if (wanted !== undefined) {
    const byDocument = rows.filter((r) => r.document_id === wanted);
    if (byDocument.length > 0) return byDocument;
  }
  const code = wanted?.toLowerCase() ?? fallback;
  const picked = rows.filter((r) => (r.version_code ?? "") === code);
  if (picked.length === 0) throw new AppError("not_found", `bill ${billId} has no version ${wanted}`);
  return picked;
}

/** One rendering with text per side, from the best parser both versions share, else each one's best. */
function pickRenderings(from: VersionRow[], to: VersionRow[]): [VersionRow, VersionRow] {
  const withText = (rows: VersionRow[]) => {
    const ready = rows.filter((r) => r.has_text);
    if (ready.length === 0) {
      throw new AppError("conflict", `version ${rows[0]?.version_code ?? "?"} has no processed text yet`);
    }
    return ready.sort((a, b) => rank(a) - rank(b));
  };
  const a = withText(from);
  const b = withText(to);
  for (const row of a) {
    const match = b.find((r) => r.parser === row.parser);
    if (match) return [row, match];
  }
  return [a[0] as VersionRow, b[0] as VersionRow];
}

function rank(row: VersionRow): number {
  const i = PARSER_RANK.indexOf(row.parser ?? "");
  return i === -1 ? PARSER_RANK.length : i;
}

function nameOf(rows: VersionRow[], code: string): string | null {
  return rows.find((r) => (r.version_code ?? "") === code && r.version_name)?.version_name ?? null;
}

function compared(row: VersionRow, renderings: VersionRow[]): ComparedVersion {
  return {
    version: row.version_code,
    name: row.version_name ?? renderings.find((r) => r.version_name)?.version_name ?? null,
    date: row.date ?? renderings.find((r) => r.date)?.date ?? null,
    documentId: row.document_id,
    format: row.format,
    parser: row.parser,
  };
}

function side(unit: SectionUnit): ComparedSide {
  return { heading: unit.heading, path: unit.path, start: unit.start, end: unit.end, text: unit.text };
}
