import { type FormEvent, useId, useState } from "react";
import type { BillComparison, ComparedVersion, SectionComparison } from "../../../src/core/bill-compare";
import type { DiffOp } from "../../../src/core/word-diff";
import { api } from "../api/client";
import type { Bill } from "../api/types";
import { useApi } from "../lib/use-api";
import { Badge, type BadgeTone } from "./Badge";
import { ProblemMessage } from "./ProblemMessage";
import { Skeleton } from "./Skeleton";

/** GET /v1/bills/{billId}/compare. */
export type CompareResponse = BillComparison;

const TONES: Record<SectionComparison["status"], BadgeTone> = {
  added: "success",
  removed: "danger",
  changed: "warning",
  unchanged: "neutral",
};

function sectionOps(section: SectionComparison): DiffOp[] | null {
  if (section.diff) return section.diff.ops;
  // Unchanged sections carry no diff: both sides are the same text.
  if (section.status === "unchanged" && section.to) return [{ op: "equal", text: section.to.text }];
  return null;
}

function sideLabel(v: ComparedVersion): string {
  return `${v.name ?? v.version?.toUpperCase() ?? "Version"}${v.date ? `, ${v.date}` : ""} (${v.format})`;
}

/** One side of a diff: the old side shows deletions, the new side insertions. */
function Side({ ops, side, whole }: { ops: DiffOp[] | null; side: "from" | "to"; whole: string | null | undefined }) {
  const label = <span className="visually-hidden">{side === "from" ? "Before: " : "After: "}</span>;
  if (!ops)
    return (
      <div className="compare-side">
        {label}
        {whole ?? <span className="muted">(not in this version)</span>}
      </div>
    );
  const skip = side === "from" ? "insert" : "delete";
  return (
    <div className="compare-side">
      {label}
      {ops.map((op, i) => {
        if (op.op === skip) return null;
        // biome-ignore lint/suspicious/noArrayIndexKey: diff runs have no identity beyond their order
        if (op.op === "equal") return <span key={i}>{op.text}</span>;
        // biome-ignore lint/suspicious/noArrayIndexKey: as above
        return op.op === "delete" ? <del key={i}>{op.text}</del> : <ins key={i}>{op.text}</ins>;
      })}
    </div>
  );
}

function CompareSummary({ data }: { data: CompareResponse }) {
  const { summary } = data;
  return (
    <div className="compare-summary">
      <p>
        {summary.changed} changed, {summary.added} added, {summary.removed} removed, {summary.unchanged} unchanged
        sections.
        {data.diffLimited ? " Some changes are too large to mark word by word and are shown whole." : ""}
      </p>
      <div className="compare-columns compare-heads" aria-hidden="true">
        <strong>{sideLabel(data.from)}</strong>
        <strong>{sideLabel(data.to)}</strong>
      </div>
    </div>
  );
}

/** Two versions of a bill side by side, section by section, from GET /v1/bills/{billId}/compare. */
export function BillCompare({ bill }: { bill: Bill }) {
  const codes = [...new Set(bill.versions.map((v) => v.version).filter((v): v is string => !!v))];
  const [pair, setPair] = useState<{ from: string; to: string } | null>(null);
  const [onlyChanged, setOnlyChanged] = useState(true);
  const ids = { from: useId(), to: useId(), changed: useId() };
  const key = pair ? `${bill.billId}:${pair.from}:${pair.to}` : null;
  const compare = useApi<CompareResponse>(key, (signal) =>
    api<CompareResponse>(`/v1/bills/${encodeURIComponent(bill.billId)}/compare`, {
      query: { from: pair?.from, to: pair?.to },
      signal,
    }),
  );

  if (codes.length < 2) return <p className="muted">Comparison needs two text versions of the bill.</p>;
  const nameOf = (code: string) => bill.versions.find((v) => v.version === code)?.name ?? code.toUpperCase();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPair({ from: String(form.get("from")), to: String(form.get("to")) });
  };

  const sections = compare.data?.sections ?? [];
  const shown = onlyChanged ? sections.filter((s) => s.status !== "unchanged") : sections;
  return (
    <div className="compare">
      <form className="form inline-form" onSubmit={submit}>
        <label htmlFor={ids.from}>From</label>
        <select id={ids.from} name="from" defaultValue={codes[0]}>
          {codes.map((c) => (
            <option key={c} value={c}>
              {nameOf(c)} ({c.toUpperCase()})
            </option>
          ))}
        </select>
        <label htmlFor={ids.to}>To</label>
        <select id={ids.to} name="to" defaultValue={codes.at(-1)}>
          {codes.map((c) => (
            <option key={c} value={c}>
              {nameOf(c)} ({c.toUpperCase()})
            </option>
          ))}
        </select>
        <button type="submit" className="button">
          Compare
        </button>
        <label htmlFor={ids.changed} className="checkbox">
          <input
            id={ids.changed}
            type="checkbox"
            checked={onlyChanged}
            onChange={(e) => setOnlyChanged(e.target.checked)}
          />
          Changed sections only
        </label>
      </form>
      {!pair ? null : compare.status === "error" ? (
        <ProblemMessage error={compare.error} onRetry={compare.reload} />
      ) : compare.status === "loading" ? (
        <Skeleton lines={8} label="Comparing" />
      ) : shown.length === 0 ? (
        <p className="muted">No section changed between these versions.</p>
      ) : (
        <>
          {compare.data ? <CompareSummary data={compare.data} /> : null}
          <ol className="compare-sections" aria-label="Compared sections">
            {shown.map((section, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: sections may share headings
              <li key={i} className="compare-section">
                <h3>
                  {section.to?.path ??
                    section.from?.path ??
                    section.to?.heading ??
                    section.from?.heading ??
                    section.key}{" "}
                  {section.status ? <Badge tone={TONES[section.status] ?? "neutral"}>{section.status}</Badge> : null}
                </h3>
                <div className="compare-columns">
                  <Side ops={sectionOps(section)} side="from" whole={section.from?.text} />
                  <Side ops={sectionOps(section)} side="to" whole={section.to?.text} />
                </div>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
