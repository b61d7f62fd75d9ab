import type { GovParser } from "../sniff";
import { federalRegisterParser } from "./fr-daily";

export { isoDateFromWords } from "../dates";
export { federalRegisterParser, frDocumentNumber, parseFederalRegisterIssue } from "./fr-daily";
export { appendFederalRegister, federalRegisterText } from "./fr-text";
export { withPaths } from "./section-paths";

/** The Federal Register's daily issue, split into its rules, proposed rules, notices and presidential documents. */
export const parsers: GovParser[] = [federalRegisterParser];
