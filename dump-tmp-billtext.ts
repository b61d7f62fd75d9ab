import fs from "node:fs";
import { parseGovDocument } from "./src/formats/gov/index";
import { parsers } from "./src/formats/gov/bill-text/index";
for (const f of process.argv.slice(2)) {
  const d = await parseGovDocument(new Uint8Array(fs.readFileSync(f)), "xml", parsers);
  if (!d) { console.log(f, "NONE"); continue; }
  const m = d.metadata;
  console.log(f.split("/").pop(), d.parser, m.documentType, m.billId, m.version?.code, m.date, m.dateKind, m.chamber, JSON.stringify(m.title), m.titles.length, m.people.length, m.people.filter(p=>p.role==="sponsor").map(p=>p.bioguideId+":"+p.name).join(","), m.committees.map(c=>c.code).join(","), d.sections.length, JSON.stringify(d.sections[2]?.path), JSON.stringify(m.citations.slice(0,2)));
}
const d2 = await parseGovDocument(new Uint8Array(fs.readFileSync("test/fixtures/gov/bill-text/COMPS-1656.xml")), "xml", parsers);
for (const s of d2?.sections ?? []) console.log(s.level, s.path, "|", s.heading, "|", JSON.stringify(d2?.text.slice(s.start, s.start + 30)));
