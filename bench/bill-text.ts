/**
 * Parse throughput of the bill-text parsers over the corpus's bill renderings (`npx tsx bench/bill-text.ts [corpus]`).
 * Prints MB/s and documents/s per format after one warm-up pass; never fails.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parsers } from "../src/formats/gov/bill-text/index";
import { sniff } from "../src/formats/gov/index";

const corpus = process.argv[2] ?? path.resolve(import.meta.dirname, "../../shared/corpus");
if (!existsSync(path.join(corpus, "manifest.tsv"))) {
  console.log(`no corpus at ${corpus}`);
  process.exit(0);
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
  const bytes = new Uint8Array(readFileSync(path.join(corpus, r[0] ?? "")));
  byFormat.set(format, [...(byFormat.get(format) ?? []), bytes]);
}
for (const pass of [0, 1]) {
  for (const [format, files] of byFormat) {
    const kind = format.includes("html") ? "html" : format === "pdf" ? "pdf" : "xml";
    const start = performance.now();
    let bytes = 0;
    let parsed = 0;
    for (const file of files) {
      const parser = parsers.find((p) => p.accepts(sniff(file, kind)));
      if (!parser) continue;
      await parser.parse(file);
      bytes += file.length;
      parsed++;
    }
    const seconds = (performance.now() - start) / 1000;
    if (pass === 1 && parsed > 0) {
      console.log(
        `${format.padEnd(24)} ${String(parsed).padStart(4)} docs ${(bytes / 1e6).toFixed(2).padStart(6)} MB ` +
          `${(bytes / 1e6 / seconds).toFixed(1).padStart(6)} MB/s ${(parsed / seconds).toFixed(0).padStart(6)} docs/s`,
      );
    }
  }
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
