import fs from "node:fs";
import { parsePdf } from "./src/formats/pdf";
const d = await parsePdf(new Uint8Array(fs.readFileSync(process.argv[2] as string)));
console.log(d.text.split("\n").filter((l) => /•|RFS|^A BILL|AN ACT/.test(l)).join("\n"));
console.log(d.text.slice(0, 900));
