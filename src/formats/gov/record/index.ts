import type { GovParser } from "../sniff";
import { crecHtmlParser } from "./crec-html";
import { crecJsonParser } from "./crec-json";
import { crecMetsParser, crecModsParser } from "./crec-mods";

export { crecHtmlParser, parseCrecHtml } from "./crec-html";
export { crecJsonParser, parseCrecJson } from "./crec-json";
export { crecMetsParser, crecModsParser, parseCrecMetadata } from "./crec-mods";
export { type SpeakerLine, speakerLine } from "./speakers";

/**
 * The Congressional Record: GPO's HTML pages, the JSON pages of the unitedstates/congressional-record scraper, and
 * GPO's MODS and METS records of an issue.
 */
export const parsers: GovParser[] = [crecHtmlParser, crecJsonParser, crecModsParser, crecMetsParser];
