import fs from "node:fs";
import { parseUslm } from "./src/formats/gov/bill-text/uslm";
import { parseBillDtd } from "./src/formats/gov/bill-text/bill-dtd";
const file = process.argv[2] as string;
const doc = await (file.includes("uslm")||file.endsWith("XML") ? parseUslm : parseBillDtd)(new Uint8Array(fs.readFileSync(file)));
const { text, sections, ...rest } = doc;
console.log(JSON.stringify({ ...rest, metadata: { ...doc.metadata, citations: doc.metadata.citations.slice(0, 5) } }, null, 1));
console.log(text.slice(0, 1500));
console.log(sections.slice(0, 12).map((s) => `${s.level} ${s.path} | ${s.heading} | ${s.identifier ?? ""} | ${JSON.stringify(text.slice(s.start, s.start + 40))}`).join("\n"));
