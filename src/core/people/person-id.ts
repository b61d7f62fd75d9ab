import type { PersonMention } from "../../formats/gov";
import { nameKey } from "./mention-name";

/**
 * The record id of a person as a document names them (see the `people` table). GovTrack and THOMAS ids only key a
 * record when the legislators data could not turn them into a bioguide id: such mentions often carry no name.
 */
export function personId(p: PersonMention): string {
  const id = p.bioguideId ?? p.lisId;
  if (id) return id;
  if (p.govtrackId) return `govtrack:${p.govtrackId}`;
  if (p.thomasId) return `thomas:${p.thomasId}`;
  return anonymousPersonId(p);
}

const ANONYMOUS = "name:";

/** The record id of someone named without an id: their name as written, state and party. */
export function anonymousPersonId(p: PersonMention): string {
  return `${ANONYMOUS}${nameKey(p.name)}:${(p.state ?? "").toLowerCase()}:${(p.party ?? "").toLowerCase()}`;
}

/** Whether a record id is one of someone named without an id (see `anonymousPersonId`). */
export function isAnonymousPersonId(id: string): boolean {
  return id.startsWith(ANONYMOUS);
}
