import fs from "node:fs";
import { parseBillXhtml } from "./src/formats/gov/bill-text/bill-xhtml";
for (const f of process.argv.slice(2)) {
  const d = await parseBillXhtml(new Uint8Array(fs.readFileSync(f)));
  const m = d.metadata;
  console.log(f.split("/").pop(), m.documentType, m.billId, m.version?.code, m.date, m.dateKind, m.chamber, JSON.stringify(m.titles).slice(0, 300), JSON.stringify(m.people).slice(0, 300), d.sections.length);
  for (const s of d.sections.slice(0, 8)) console.log("  ", s.level, s.path, "|", s.heading.slice(0, 60), "|", JSON.stringify(d.text.slice(s.start, s.start + 30)));
}
