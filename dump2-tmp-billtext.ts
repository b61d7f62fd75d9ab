import fs from "node:fs";
import { parseBillHtml } from "./src/formats/gov/bill-text/bill-html";
for (const f of process.argv.slice(2)) {
  const d = await parseBillHtml(new Uint8Array(fs.readFileSync(f)));
  const m = d.metadata;
  console.log(f.split("/").pop(), m.documentType, m.billId, m.version?.code, m.date, m.dateKind, m.chamber, JSON.stringify(m.titles), JSON.stringify(m.people));
  if (process.env.V) for (const s of d.sections) console.log("  ", s.level, s.path, "|", s.heading, "|", JSON.stringify(d.text.slice(s.start, s.start+30)));
}
