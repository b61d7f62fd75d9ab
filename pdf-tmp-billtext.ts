import fs from "node:fs";
import { parseBillPdf } from "./src/formats/gov/bill-text/bill-pdf";
for (const f of process.argv.slice(2)) {
  const d = await parseBillPdf(new Uint8Array(fs.readFileSync(f)));
  const m = d.metadata;
  console.log(f.split("/").pop(), m.documentType, m.billId, m.version?.code, m.date, m.dateKind, m.chamber, JSON.stringify(m.titles).slice(0, 250), JSON.stringify(m.people).slice(0, 200), d.sections.length);
  if (process.env.V) for (const s of d.sections.slice(0, 30)) console.log("  ", s.level, s.path, "|", s.heading.slice(0, 60), "|", JSON.stringify(d.text.slice(s.start, s.start + 30)));
}
