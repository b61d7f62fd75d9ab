/**
 * Parse throughput of the bill-text parsers over the corpus's bill renderings:
 * `npx tsx bench/bill-text.ts [--corpus DIR] [--baseline SRC_DIR] [--passes N]`.
 *
 * Prints MB/s and documents/s per format, each the best of several passes after a warm-up, so that other work on
 * the machine disturbs the figures less; MB/s both by the clock and by this process's processor time (one core's
 * worth of work, which a busy machine disturbs less still). With `--baseline`, the parsers of another copy of the source tree (for
 * instance `git archive HEAD src | tar -x -C /tmp/old`, beside a `node_modules` link) are timed in the same run,
 * pass for pass, and their figure is printed first. Sniffing is timed apart from parsing. Never fails.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { parsers as currentParsers } from "../src/formats/gov/bill-text/index";
import { type GovParser, sniff } from "../src/formats/gov/index";

const { values } = parseArgs({
  options: {
    corpus: { type: "string", default: path.resolve(import.meta.dirname, "../../shared/corpus") },
    baseline: { type: "string" },
    passes: { type: "string", default: "5" },
  },
});
const corpus = path.resolve(values.corpus);
if (!existsSync(path.join(corpus, "manifest.tsv"))) {
  console.log(`no corpus at ${corpus}`);
  process.exit(0);
}
const passes = Math.max(1, Number(values.passes) || 5);

interface Impl {
  label: string;
  parsers: readonly GovParser[];
}
const impls: Impl[] = [{ label: "new", parsers: currentParsers }];
if (values.baseline) {
  const url = pathToFileURL(path.resolve(values.baseline, "formats/gov/bill-text/index.ts")).href;
  const module = (await import(url)) as { parsers: GovParser[] };
  impls.unshift({ label: "old", parsers: module.parsers });
}

const rows = readFileSync(path.join(corpus, "manifest.tsv"), "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((l) => l.split("\t"))
  .filter((r) => r[2] === "bills_text");
const byFormat = new Map<string, Uint8Array[]>();
for (const r of rows) {
  const format = r[3] ?? "";
  const files = byFormat.get(format) ?? [];
  files.push(new Uint8Array(readFileSync(path.join(corpus, r[0] ?? ""))));
  byFormat.set(format, files);
}

const kindOf = (format: string) => (format.includes("html") ? "html" : format === "pdf" ? "pdf" : "xml");

interface Timing {
  wall: number;
  /** Processor seconds of this process: what the parsers cost on one core, less disturbed by other work. */
  cpu: number;
}

/** Seconds to parse the files once; the parser is chosen beforehand so that only parsing is timed. */
async function time(impl: Impl, files: readonly Uint8Array[], kind: "html" | "pdf" | "xml"): Promise<Timing> {
  const chosen = files.map((file) => impl.parsers.find((p) => p.accepts(sniff(file, kind))));
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < files.length; i++) await chosen[i]?.parse(files[i] as Uint8Array);
  const used = process.cpuUsage(cpu);
  return { wall: (performance.now() - start) / 1000, cpu: (used.user + used.system) / 1e6 };
}

function sniffSeconds(files: readonly Uint8Array[], kind: "html" | "pdf" | "xml"): number {
  const start = performance.now();
  for (const file of files) sniff(file, kind);
  return (performance.now() - start) / 1000;
}

const mbps = (bytes: number, seconds: number) => (bytes / 1e6 / seconds).toFixed(1).padStart(7);
const header = impls.map((i) => `${i.label} MB/s`.padStart(11)).join("");
console.log(`${"format".padEnd(24)} docs     MB${header} (wall)${header} (cpu)  new docs/s  sniff MB/s (wall)`);
for (const [format, files] of byFormat) {
  const kind = kindOf(format);
  const bytes = files.reduce((sum, f) => sum + f.length, 0);
  const best = impls.map(() => ({ wall: Number.POSITIVE_INFINITY, cpu: Number.POSITIVE_INFINITY }));
  let bestSniff = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass <= passes; pass++) {
    for (const [i, impl] of impls.entries()) {
      const timing = await time(impl, files, kind);
      const kept = best[i];
      // Pass 0 warms the code up and is not counted.
      if (pass > 0 && kept) {
        kept.wall = Math.min(kept.wall, timing.wall);
        kept.cpu = Math.min(kept.cpu, timing.cpu);
      }
    }
    if (pass > 0) bestSniff = Math.min(bestSniff, sniffSeconds(files, kind));
  }
  const wall = best.map((t) => mbps(bytes, t.wall).padStart(11)).join("");
  const cpu = best.map((t) => mbps(bytes, t.cpu).padStart(11)).join("");
  const docsPerSecond = (files.length / (best.at(-1)?.wall ?? 1)).toFixed(0).padStart(10);
  console.log(
    `${format.padEnd(24)} ${String(files.length).padStart(4)} ${(bytes / 1e6).toFixed(2).padStart(6)}${wall}       ${cpu}      ${docsPerSecond}  ${mbps(bytes, bestSniff)}`,
  );
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
