/**
 * The evaluation's tables: one per metric, query types down, ranking modes across, and the target check (hybrid at
 * least as good as keyword and as semantic on every query type, and better than the naive baseline).
 */
import { meanScores, type QueryScores } from "./metrics";

export const BASELINE = "bm25-raw";
export const ALL = "all";

export interface ScoredQuery extends QueryScores {
  qid: string;
  type: string;
  mode: string;
  /** Rank of the first relevant document, null when none is in the first 100. */
  firstRelevant: number | null;
  error?: string;
}

export type Summary = Record<string, Record<string, ReturnType<typeof meanScores>>>;

/** Means per mode and query type, plus `all` over every query of a mode. */
export function summarize(scored: ScoredQuery[]): Summary {
  const summary: Summary = {};
  const modes = [...new Set(scored.map((s) => s.mode))];
  const types = [...new Set(scored.map((s) => s.type))].sort();
  for (const mode of modes) {
    const ofMode = scored.filter((s) => s.mode === mode);
    const byType: Summary[string] = {};
    for (const type of types) byType[type] = meanScores(ofMode.filter((s) => s.type === type));
    byType[ALL] = meanScores(ofMode);
    summary[mode] = byType;
  }
  return summary;
}

const METRICS: [keyof QueryScores, string][] = [
  ["ndcg10", "nDCG@10"],
  ["recall100", "Recall@100"],
  ["mrr", "MRR"],
];

/** Text tables, one per metric, and the target check line per query type. */
export function formatSummary(summary: Summary): string {
  const modes = Object.keys(summary);
  const types = Object.keys(summary[modes[0] ?? ""] ?? {});
  const typeWidth = Math.max(8, ...types.map((t) => t.length));
  const lines: string[] = [];
  for (const [key, label] of METRICS) {
    lines.push("", `${label.padEnd(typeWidth)}  ${"n".padStart(4)}  ${modes.map((m) => m.padStart(9)).join("  ")}`);
    for (const type of types) {
      const n = summary[modes[0] ?? ""]?.[type]?.queries ?? 0;
      const cells = modes.map((m) => (summary[m]?.[type]?.[key] ?? 0).toFixed(3).padStart(9));
      lines.push(`${type.padEnd(typeWidth)}  ${String(n).padStart(4)}  ${cells.join("  ")}`);
    }
  }
  if (summary.hybrid) {
    lines.push("", "target: hybrid nDCG@10 ≥ keyword, ≥ semantic, > bm25-raw");
    for (const type of types) {
      const h = summary.hybrid[type]?.ndcg10 ?? 0;
      const checks = [
        ["keyword", (x: number) => h >= x],
        ["semantic", (x: number) => h >= x],
        [BASELINE, (x: number) => h > x],
      ] as const;
      const parts = checks.flatMap(([mode, ok]) => {
        const other = summary[mode]?.[type]?.ndcg10;
        return other === undefined ? [] : [`${ok(other) ? "ok  " : "MISS"} vs ${mode} (${(h - other).toFixed(3)})`];
      });
      lines.push(`${type.padEnd(typeWidth)}  ${parts.join("   ")}`);
    }
  }
  return lines.join("\n");
}
