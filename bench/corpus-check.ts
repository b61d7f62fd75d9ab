/**
 * `npm run corpus:check -- [--corpus ../shared/corpus]`: reads every document of the corpus through the same
 * functions the pipeline uses (detection, format-specific parsers, prose citations, people resolution) and prints,
 * per format: documents parsed and failed (with reasons), throughput, bill ids found against the manifest, person
 * recall and precision against gold/entities.tsv, and the agreement of one bill version's text across renderings.
 * Exits non-zero when person recall falls below 0.97.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadLegislatorsFile } from "../src/adapters/node/legislators-file";
import { documentCitations, enrichMetadata } from "../src/core/enrich";
import { createPeopleResolver } from "../src/core/people";
import { DETECT_HEAD_BYTES, detectFormat } from "../src/formats";
import { readDocument } from "../src/formats/gov";

const { values } = parseArgs({ options: { corpus: { type: "string", default: "../shared/corpus" } } });
const corpus = resolve(values.corpus);
if (!existsSync(join(corpus, "manifest.tsv"))) {
  console.error(`no corpus at ${corpus}; pass --corpus DIR`);
  process.exit(2);
}
const TARGET_RECALL = 0.97;

const rows = readFileSync(join(corpus, "manifest.tsv"), "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((line) => line.split("\t"))
  .map(([path = "", , category = "", format = "", size = "0", , , , billIds = "", version = ""]) => ({
    path,
    category,
    format,
    size: Number(size),
    billIds: billIds ? billIds.split(";") : [],
    version,
  }))
  .filter((r) => r.format !== "crec-parsed-json");

const resolver = createPeopleResolver(await loadLegislatorsFile());
interface Stat {
  docs: number;
  failed: number;
  bytes: number;
  /**
   * Detection and parsing; then with prose citations (`documentCitations`) and people resolution (`enrichMetadata`)
   * as well.
   */
  parseMs: number;
  ms: number;
  parsers: Map<string, number>;
  billExpected: number;
  billFound: number;
  reasons: Map<string, number>;
}
const stats = new Map<string, Stat>();
const peopleByPath = new Map<string, { ids: Set<string>; markupIds: Set<string> }>();
const texts = new Map<string, { format: string; text: string }[]>();
let peakRss = 0;

// One untimed pass first, so the figures are steady-state throughput rather than the JIT warming up on the first
// files of each format (most formats have a few dozen small files, read in well under a second).
for (const row of rows) {
  const bytes = new Uint8Array(readFileSync(join(corpus, row.path)));
  const detected = detectFormat({ head: bytes.subarray(0, DETECT_HEAD_BYTES) });
  if (detected)
    await readDocument(bytes, detected.format).then(
      ({ parsed, gov }) => [documentCitations(parsed, gov), enrichMetadata(gov, resolver)],
      () => undefined,
    );
}

for (const row of rows) {
  const stat =
    stats.get(row.format) ??
    ({
      docs: 0,
      failed: 0,
      bytes: 0,
      parseMs: 0,
      ms: 0,
      parsers: new Map(),
      billExpected: 0,
      billFound: 0,
      reasons: new Map(),
    } as Stat);
  stats.set(row.format, stat);
  const bytes = new Uint8Array(readFileSync(join(corpus, row.path)));
  stat.docs++;
  stat.bytes += bytes.byteLength;
  const started = performance.now();
  try {
    const detected = detectFormat({ head: bytes.subarray(0, DETECT_HEAD_BYTES) });
    if (!detected) throw new Error("unsupported type");
    const { parsed, gov } = await readDocument(bytes, detected.format);
    stat.parseMs += performance.now() - started;
    documentCitations(parsed, gov);
    const found = enrichMetadata(gov, resolver);
    stat.ms += performance.now() - started;
    stat.parsers.set(
      gov?.parser ?? `generic-${detected.format}`,
      (stat.parsers.get(gov?.parser ?? `generic-${detected.format}`) ?? 0) + 1,
    );
    const ids = new Set<string>();
    for (const doc of [gov, ...(gov?.children ?? [])]) {
      if (doc?.metadata.billId) ids.add(doc.metadata.billId);
      for (const b of doc?.metadata.relatedBills ?? []) ids.add(b);
    }
    for (const expected of row.billIds) {
      stat.billExpected++;
      if (ids.has(expected)) stat.billFound++;
    }
    peopleByPath.set(row.path, {
      ids: new Set(found.people.flatMap((p) => [p.bioguideId, p.lisId].filter((x): x is string => !!x))),
      markupIds: new Set(
        (gov?.metadata.people ?? []).flatMap((p) => [p.bioguideId, p.lisId].filter((x): x is string => !!x)),
      ),
    });
    // MODS describes a version without holding its text, so it has no text to agree on.
    if (row.category === "bills_text" && row.billIds.length === 1 && row.version && row.format !== "mods-xml") {
      const key = `${row.billIds[0]} ${row.version}`;
      texts.set(key, [...(texts.get(key) ?? []), { format: row.format, text: parsed.text }]);
    }
  } catch (error) {
    stat.ms += performance.now() - started;
    stat.parseMs = stat.ms;
    stat.failed++;
    const reason = error instanceof Error ? error.message : String(error);
    stat.reasons.set(reason, (stat.reasons.get(reason) ?? 0) + 1);
  }
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}

console.log("MB/s: detection and parsing alone, then with people resolution and prose citations (warm, one core)");
console.log("format                 docs failed  parse MB/s  all MB/s   docs/s  bill ids found  parsers");
for (const [format, s] of [...stats].sort()) {
  const seconds = s.ms / 1000;
  const mbs = (ms: number) => (s.bytes / 1e3 / ms).toFixed(1);
  console.log(
    `${format.padEnd(22)} ${String(s.docs).padStart(4)} ${String(s.failed).padStart(6)} ${mbs(s.parseMs).padStart(11)} ${mbs(s.ms).padStart(9)} ${(s.docs / seconds).toFixed(0).padStart(8)}  ${`${s.billFound}/${s.billExpected}`.padStart(14)}  ${[...s.parsers].map(([p, n]) => `${p} ${n}`).join(", ")}`,
  );
  for (const [reason, n] of s.reasons) console.log(`    failed ×${n}: ${reason}`);
}
console.log(
  `peak RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB now, ${(peakRss / 1e6).toFixed(0)} MB at most`,
);

// People against gold: reachable when the document's markup gives the id or the legislators data holds the person.
const gold = readFileSync(join(corpus, "gold", "entities.tsv"), "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((l) => l.split("\t"));
const perFormat = new Map<string, { hit: number; reachable: number; apart: number; apartHit: number }>();
const goldIds = new Map<string, Set<string>>();
for (const [path = "", format = "", id = ""] of gold) {
  goldIds.set(path, (goldIds.get(path) ?? new Set()).add(id));
  const found = peopleByPath.get(path);
  const entry = perFormat.get(format) ?? { hit: 0, reachable: 0, apart: 0, apartHit: 0 };
  perFormat.set(format, entry);
  const reachable = (found?.markupIds.has(id) ?? false) || resolver.get(id) !== null;
  const hit = found?.ids.has(id) ?? false;
  if (reachable) {
    entry.reachable++;
    if (hit) entry.hit++;
  } else {
    entry.apart++;
    if (hit) entry.apartHit++;
  }
}
let found = 0;
let correct = 0;
for (const [path, ids] of goldIds) {
  for (const id of peopleByPath.get(path)?.ids ?? []) {
    found++;
    if (ids.has(id)) correct++;
  }
}
let hit = 0;
let reachable = 0;
console.log("\npeople (gold/entities.tsv)  recall among reachable   not reachable (apart)");
for (const [format, e] of [...perFormat].sort()) {
  hit += e.hit;
  reachable += e.reachable;
  console.log(
    `${format.padEnd(26)} ${(e.hit / Math.max(1, e.reachable)).toFixed(3)} (${e.hit}/${e.reachable})`.padEnd(52) +
      `${e.apartHit}/${e.apart} found`,
  );
}
const recall = hit / Math.max(1, reachable);
console.log(
  `pooled recall ${recall.toFixed(3)} (${hit}/${reachable}); precision ${(correct / Math.max(1, found)).toFixed(3)} (${correct}/${found})`,
);

// Agreement of the text of one bill version across renderings: shared word 3-grams over the smaller set.
const shingles = (text: string) => {
  const words = text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const set = new Set<string>();
  for (let i = 0; i + 2 < words.length; i++) set.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  return set;
};
console.log("\ntext agreement across renderings (shared word 3-grams / smaller rendering)");
for (const [key, renderings] of [...texts].sort()) {
  if (renderings.length < 2) continue;
  const sets = renderings.map((r) => ({ format: r.format, set: shingles(r.text) }));
  const base = sets.find((s) => s.format.includes("uslm")) ?? (sets[0] as (typeof sets)[number]);
  const parts = sets
    .filter((s) => s !== base)
    .map((s) => {
      let shared = 0;
      for (const g of s.set) if (base.set.has(g)) shared++;
      return `${s.format} ${(shared / Math.max(1, Math.min(s.set.size, base.set.size))).toFixed(2)}`;
    });
  console.log(`${key.padEnd(18)} vs ${base.format}: ${parts.join(", ")}`);
}
process.exitCode = recall >= TARGET_RECALL ? 0 : 1;
