import fs from "node:fs";
import { sniff } from "./src/formats/gov/index";
import { parsers } from "./src/formats/gov/bill-text/index";
const corpus = "/work/shared/corpus";
const rows = fs.readFileSync(`${corpus}/manifest.tsv`, "utf8").trim().split("\n").slice(1).map((l) => l.split("\t"));
const gold = fs.readFileSync(`${corpus}/gold/entities.tsv`, "utf8").trim().split("\n").slice(1).map((l) => l.split("\t"));
let found = 0, total = 0; const bad: string[] = [];
const t0 = performance.now(); let bytesTotal = 0;
for (const r of rows) {
  if (r[2] !== "bills_text" || r[3] === "pdf" || r[3]?.startsWith("bill-html") || r[3] === "bill-xhtml") continue;
  const bytes = new Uint8Array(fs.readFileSync(`${corpus}/${r[0]}`)); bytesTotal += bytes.length;
  const p = parsers.find((x) => x.accepts(sniff(bytes, "xml")));
  if (!p) { bad.push(`no parser ${r[3]} ${r[0]}`); continue; }
  try {
    const d = await p.parse(bytes);
    const m = d.metadata;
    if ((r[8] ?? "") !== (m.billId ?? "") || (r[9] ?? "") !== (m.version?.code ?? "")) bad.push(`${r[3]} ${r[0].split("/").pop()} manifest=${r[8]}/${r[9]} got=${m.billId}/${m.version?.code} date=${m.date}`);
    if (!m.title || !m.date) bad.push(`missing title/date ${r[0]} ${m.title} ${m.date}`);
    for (const g of gold.filter((g) => g[0] === r[0])) { total++; if (m.people.some((pp) => pp.bioguideId === g[2] && pp.role === g[5]?.toLowerCase())) found++; else bad.push(`miss ${g.join(" ")}`); }
  } catch (e) { bad.push(`fail ${r[0]} ${(e as Error).message}`); }
}
console.log(bad.join("\n")); console.log(`recall ${found}/${total}`, `${(bytesTotal/1e6/((performance.now()-t0)/1000)).toFixed(1)} MB/s`);
