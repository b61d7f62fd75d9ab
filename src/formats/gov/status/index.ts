import type { GovParser } from "../sniff";
import { billStatusParser } from "./billstatus";

export { billRecordBlocks } from "./bill-record-text";
export { billStatusParser, parseBillStatus } from "./billstatus";
export * from "./nav";
export { decodeEntities, parseRecordXml, type XmlElement, type XmlNode } from "./record-xml";
export { type RenderBlock, type RenderedText, renderBlocks, withPaths } from "./render";

/** Bill status records (BILLSTATUS XML, legacy and 3.0.0 layouts). */
export const parsers: GovParser[] = [billStatusParser];
