import type { GovParser } from "../sniff";
import { govtrackBillParser } from "./govtrack-bill";
import { hearingParser } from "./hearing";
import { thomasHtmlParser } from "./thomas-html";

export { govtrackBillParser, parseGovtrackBill } from "./govtrack-bill";
export { hearingParser, parseHearing } from "./hearing";
export { thomasBillId, usDate } from "./legacy-codes";
export { parseThomasHtml, thomasHtmlParser } from "./thomas-html";

/** Older and smaller formats: THOMAS bill pages, GovTrack bill XML, House committee meetings and witness lists. */
export const parsers: GovParser[] = [thomasHtmlParser, govtrackBillParser, hearingParser];
