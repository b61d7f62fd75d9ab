import fs from "node:fs";
import { parsePdf } from "./src/formats/pdf";
const f = process.argv[2] as string;
const t = performance.now();
const d = await parsePdf(new Uint8Array(fs.readFileSync(f)));
console.log(performance.now() - t, "ms");
console.log(d.text.slice(0, 3000));
