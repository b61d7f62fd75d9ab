import type { DomNode } from "../../dom";
import type { Committee, PersonMention } from "../types";
import { chamberFrom } from "./common";
import { attr, descendants, text } from "./xml-doc";

const BIOGUIDE = /^[A-Z]\d{6}$/;
const LIS = /^S\d{3,4}$/;

/**
 * Sponsors, cosponsors and committees named in a bill's preface or form, in both vocabularies: USLM's
 * `<sponsor bioGuideId>`, `<cosponsor bioGuideId>`, `<committee committeeId>` and the bill DTD's
 * `<sponsor name-id>`, `<cosponsor name-id>`, `<committee-name committee-id>`. Ids are taken only when they look
 * like bioguide ids; the name is the text as printed ("Ms. Sherrill", "Mr. Smith of Texas").
 */
export function readPeople(nodes: readonly DomNode[]): { people: PersonMention[]; committees: Committee[] } {
  const people: PersonMention[] = [];
  const committees: Committee[] = [];
  for (const element of descendants(nodes, ["sponsor", "cosponsor", "committee", "committee-name"])) {
    const name = element.name.toLowerCase().replace(/^.*:/, "");
    if (name === "committee" || name === "committee-name") {
      const committee: Committee = { name: text(element) };
      const code = attr(element, "committeeId") ?? attr(element, "committee-id");
      if (code) {
        committee.code = code.toLowerCase();
        const chamber = chamberFrom(code.charAt(0));
        if (chamber) committee.chamber = chamber;
      }
      if (committee.name && !committees.some((c) => c.name === committee.name && c.code === committee.code)) {
        committees.push(committee);
      }
      continue;
    }
    const person: PersonMention = { name: text(element), role: name === "sponsor" ? "sponsor" : "cosponsor" };
    // The Senate's markup gives LIS ids (`senateId="S221"`, or `name-id="S221"` in the bill DTD).
    for (const raw of [attr(element, "bioGuideId"), attr(element, "name-id"), attr(element, "senateId")]) {
      const id = raw?.trim().toUpperCase();
      if (id && BIOGUIDE.test(id)) person.bioguideId ??= id;
      else if (id && LIS.test(id)) person.lisId ??= id;
    }
    if (person.name || person.bioguideId || person.lisId) people.push(person);
  }
  return { people, committees };
}
