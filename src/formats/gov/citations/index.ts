import type { GovParser } from "../sniff";

export { type ExtractCitationsOptions, extractCitations } from "./extract";
export { publicLawCitation, publicLawId } from "./laws";
export { isOwnPage, ownPage, pageStart, pageStarts } from "./own-pages";
export { recordPageCitations } from "./record";

/** Citations are found in the text other parsers produce; this folder reads no format of its own. */
export const parsers: GovParser[] = [];
export { federalRegisterCfrCitations } from "./federal-register-cfr";
