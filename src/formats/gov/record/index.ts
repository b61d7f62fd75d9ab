import type { GovParser } from "../sniff";
import { crecHtmlParser } from "./crec-html";
import { crecMetsParser, crecModsParser } from "./crec-mods";

export { crecHtmlParser, parseCrecHtml } from "./crec-html";
export { crecMetsParser, crecModsParser, parseCrecMetadata } from "./crec-mods";
export { type SpeakerLine, speakerLine } from "./speakers";

/** The Congressional Record: HTML pages, and GPO's MODS and METS records of an issue. */
export const parsers: GovParser[] = [crecHtmlParser, crecModsParser, crecMetsParser];
