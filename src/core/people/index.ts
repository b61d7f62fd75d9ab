export { stateCode } from "../../formats/gov/states";
export {
  type CommitteeRecord,
  type CommitteeResolver,
  createCommitteeResolver,
  parseCommitteesText,
} from "./committees";
export { congressDates } from "./congress-dates";
export { type Legislator, type LegislatorName, type LegislatorTerm, parseLegislators } from "./legislators";
export { parseLegislatorsText } from "./legislators-text";
export {
  formalName,
  fullName,
  type NameReading,
  nameKey,
  type ParsedMentionName,
  type PersonChamber,
  parseMentionName,
} from "./mention-name";
export { anonymousPersonId, isAnonymousPersonId, personId } from "./person-id";
export { createRelatedPeopleMatcher, type RelatedMention, type RelatedPerson } from "./related-people";
export {
  createPeopleResolver,
  legislatorName,
  type PeopleResolver,
  type PersonQuery,
  type ResolvedPerson,
  servingTerm,
} from "./resolver";
