import { readFileSync } from "node:fs";
import { parseUslm } from "./src/formats/gov/bill-text/uslm";
const rows = readFileSync("/work/shared/corpus/manifest.tsv", "utf8").trim().split("\n").slice(1).map((l) => l.split("\t")).filter((r) => r[3] === "bill-uslm2-xml" || r[3] === "bill-uslm1-xml");
const files = rows.map((r) => new Uint8Array(readFileSync(`/work/shared/corpus/${r[0]}`)));
for (let p = 0; p < 5; p++) for (const f of files) await parseUslm(f);
