import type { GovParser } from "../sniff";
import { acceptsBillDtd, parseBillDtd } from "./bill-dtd";
import { acceptsBillHtml, parseBillHtml } from "./bill-html";
import { acceptsBillMods, parseBillMods } from "./bill-mods";
import { acceptsBillPdf, parseBillPdf } from "./bill-pdf";
import { acceptsBillXhtml, parseBillXhtml } from "./bill-xhtml";
import { acceptsUslm, parseUslm } from "./uslm";

export { parseBillDtd } from "./bill-dtd";
export { parseBillHtml } from "./bill-html";
export { parseBillMods } from "./bill-mods";
export { parseBillPdf } from "./bill-pdf";
export { walkBillText } from "./bill-text-walker";
export { parseBillXhtml } from "./bill-xhtml";
export { normaliseReference } from "./references";
export { parseUslm } from "./uslm";

/** Bill text parsers: USLM 1.0 and 2.x, the legacy bill DTD, bill-level MODS, and GPO's HTML, XHTML and PDF renderings. */
export const parsers: GovParser[] = [
  { name: "uslm-xml", accepts: acceptsUslm, parse: parseUslm },
  { name: "bill-dtd-xml", accepts: acceptsBillDtd, parse: parseBillDtd },
  { name: "bill-mods-xml", accepts: acceptsBillMods, parse: parseBillMods },
  { name: "bill-html", accepts: acceptsBillHtml, parse: parseBillHtml },
  { name: "bill-xhtml", accepts: acceptsBillXhtml, parse: parseBillXhtml },
  { name: "bill-pdf", accepts: acceptsBillPdf, parse: parseBillPdf },
];
