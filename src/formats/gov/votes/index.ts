import type { GovParser } from "../sniff";
import { houseVoteXmlParser, senateVoteXmlParser } from "./official-vote-xml";
import { voteJsonParser } from "./vote-json";
import { voteXmlParser } from "./vote-xml";

export {
  houseVoteXmlParser,
  officialVoteDate,
  parseOfficialVoteXml,
  senateVoteXmlParser,
} from "./official-vote-xml";
export * from "./vote-common";
export { parseVoteJson, voteJsonParser } from "./vote-json";
export { parseVoteXml, voteXmlParser } from "./vote-xml";

/**
 * Roll-call votes: GovTrack `<roll>` XML and the unitedstates/congress JSON, and the chambers' own XML (House Clerk
 * `<rollcall-vote>`, Senate `<roll_call_vote>`).
 */
export const parsers: GovParser[] = [voteXmlParser, voteJsonParser, houseVoteXmlParser, senateVoteXmlParser];
