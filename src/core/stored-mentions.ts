import type { PersonMention } from "../formats/gov";
import type { SqlDatabase } from "./ports";

/**
 * A document's people as its metadata lists them (what the document said), each with the ids its stored mention
 * carries (`document_people`, by its place in the list): a mention joined to a member after the document was read,
 * by a related document or by the way its name was written, has them only there.
 */
export async function withStoredIds(
  db: SqlDatabase,
  documentId: string,
  people: PersonMention[],
): Promise<PersonMention[]> {
  if (people.length === 0) return people;
  const { results } = await db
    .prepare(
      `SELECT ord, bioguide_id AS bioguideId, lis_id AS lisId FROM document_people
       WHERE document_id = ? AND (bioguide_id IS NOT NULL OR lis_id IS NOT NULL)`,
    )
    .bind(documentId)
    .all<{ ord: number; bioguideId: string | null; lisId: string | null }>();
  const ids = new Map(results.map((r) => [r.ord, r]));
  return people.map((p, ord) => {
    const stored = ids.get(ord);
    if (!stored) return p;
    return {
      ...p,
      ...(stored.bioguideId && !p.bioguideId ? { bioguideId: stored.bioguideId } : {}),
      ...(stored.lisId && !p.lisId ? { lisId: stored.lisId } : {}),
    };
  });
}
