import type { ParsedDocument } from "../formats";
import type { GovDocument, PersonMention } from "../formats/gov";
import type { Deps } from "./deps";
import { nowIso } from "./deps";
import { chunkVectorId, type DocumentRow } from "./documents";
import { enrichMetadata } from "./enrich";
import type { JobService } from "./jobs";
import { billRefreshStatements, legislationStatements } from "./legislation-rows";
import {
  anonymousPersonId,
  type CommitteeResolver,
  isAnonymousPersonId,
  type PeopleResolver,
  personId,
} from "./people";
import type { SqlStatement } from "./ports";
import type { PreparedText } from "./read-for-storage";
import { linkRelatedPeople, relinkStatements, type StoredRelatedMention } from "./related-mentions";

const CHUNKS_PER_STATEMENT = 200;

export interface StoredParse {
  statements: SqlStatement[];
  /** The vector ids the document's chunks will have. */
  vectorIds: string[];
  /** The embed job to send once the statements are applied, if the document has chunks to embed. */
  embedJobId: string | null;
}

/**
 * The statements that replace a document's text, chunks (and so its keyword index), structured metadata and
 * legislation rows (bill versions, actions, votes, and its bill's `bills` row) with a new parse, leaving it
 * `indexed` (searchable; an embed job follows) or `ready` when nothing is to be embedded. Its chunks, their hashes and
 * its citations come prepared with the parse (read-for-storage.ts); people and committees are resolved here.
 */
export function storeParsed(
  deps: Deps,
  jobs: () => JobService,
  input: {
    documentId: string;
    parsed: ParsedDocument;
    gov: GovDocument | null;
    prepared: PreparedText;
    people: PeopleResolver | null;
    committees?: CommitteeResolver | null;
    /** The people related documents name (`relatedMentions`). */
    relatedMentions?: StoredRelatedMention[];
  },
): StoredParse {
  const { db } = deps;
  const { documentId, parsed, gov, prepared } = input;
  const { chunks, citations } = prepared;
  const found = enrichMetadata(gov, input.people, input.committees);
  const related = linkRelatedPeople(found.people, input.relatedMentions ?? [], gov?.metadata.chamber);
  const embed = deps.embedder !== null && chunks.length > 0;
  const meta = gov ? { ...gov.metadata, citations, people: related.people, committees: found.committees } : undefined;
  const now = nowIso(deps);
  const statements: SqlStatement[] = [
    db.prepare("DELETE FROM chunks WHERE document_id = ?").bind(documentId),
    db
      .prepare("INSERT OR REPLACE INTO document_texts (document_id, text, sections) VALUES (?, ?, ?)")
      .bind(documentId, parsed.text, JSON.stringify(parsed.sections)),
  ];
  for (let i = 0; i < chunks.length; i += CHUNKS_PER_STATEMENT) {
    // `units` starts as the acronyms, which the citations found are added to (see searchIndexStatements).
    const rows = chunks
      .slice(i, i + CHUNKS_PER_STATEMENT)
      .map((c) => [
        c.ord,
        c.start,
        c.end,
        c.heading,
        parsed.text.slice(c.start, c.end),
        c.acronyms,
        c.embedKey,
        c.speaker,
      ]);
    statements.push(
      db
        .prepare(
          `INSERT INTO chunks (document_id, ord, start_offset, end_offset, heading, text, acronyms, units, embed_key,
             speaker)
           SELECT ?, value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 5,
             value ->> 6, value ->> 7
           FROM json_each(?)`,
        )
        .bind(documentId, JSON.stringify(rows)),
    );
  }
  // The bill the document belonged to before, if another: recomputed without it (before the update forgets it).
  statements.push(...billRefreshStatements(deps, { target: "previous", documentId, billId: meta?.billId ?? null }));
  statements.push(
    db
      .prepare(
        `UPDATE documents SET state = ?, title = ?, chunk_count = ?, text_chars = ?, text_key = ?, error = NULL,
           embedding_model = NULL, parser = ?, document_type = ?, bill_id = ?, congress = ?, bill_type = ?, version_code = ?,
           document_date = ?, updated_at = ? WHERE id = ?`,
      )
      .bind(
        embed ? "indexed" : "ready",
        (meta?.title ?? parsed.title)?.trim() || null,
        chunks.length,
        chunks.at(-1)?.end ?? null,
        prepared.textKey,
        gov?.parser ?? null,
        meta?.documentType ?? null,
        meta?.billId ?? null,
        meta?.congress ?? null,
        meta?.billType ?? null,
        meta?.version?.code ?? null,
        meta?.date ?? null,
        now,
        documentId,
      ),
    meta
      ? db
          .prepare("INSERT OR REPLACE INTO document_metadata (document_id, metadata) VALUES (?, ?)")
          .bind(documentId, JSON.stringify(meta))
      : db.prepare("DELETE FROM document_metadata WHERE document_id = ?").bind(documentId),
  );
  statements.push(
    db.prepare("DELETE FROM document_people WHERE document_id = ?").bind(documentId),
    db.prepare("DELETE FROM document_committees WHERE document_id = ?").bind(documentId),
    db.prepare("DELETE FROM citations WHERE document_id = ?").bind(documentId),
  );
  if (found.committees.length > 0) {
    const rows = found.committees.map((c) => [c.code?.toLowerCase() ?? null, c.name, c.chamber ?? null]);
    statements.push(
      db
        .prepare(
          `INSERT INTO document_committees (document_id, ord, code, name, chamber)
           SELECT ?, key, value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)`,
        )
        .bind(documentId, JSON.stringify(rows)),
    );
  }
  if (related.people.length > 0)
    statements.push(...peopleStatements(deps, documentId, related.people, found.names, related.linked));
  if (related.relinks.length > 0) statements.push(...relinkStatements(deps, related.relinks));
  if (citations.length > 0) {
    const rows = citations.map((c) => [c.kind, c.target, c.text, c.start, c.end]);
    statements.push(
      db
        .prepare(
          `INSERT INTO citations (document_id, ord, kind, target, text, start_offset, end_offset)
           SELECT ?, key, value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM json_each(?)`,
        )
        .bind(documentId, JSON.stringify(rows)),
    );
  }
  statements.push(...legislationStatements(deps, documentId, meta ?? null));
  const embedJobId = embed ? `${documentId}:embed` : null;
  if (embedJobId) statements.push(jobs().insertStatement({ id: embedJobId, type: "embed", documentId }));
  return { statements, vectorIds: chunks.map((c) => chunkVectorId(documentId, c.ord)), embedJobId };
}

/**
 * The row of a document contained in another (a rule of a Federal Register issue): it shares the original. A part
 * read again keeps its row (and id), which `storeParsed` then fills anew.
 */
export function childDocumentStatement(
  deps: Deps,
  parent: DocumentRow,
  index: number,
  child: GovDocument,
): SqlStatement {
  const now = nowIso(deps);
  const id = childDocumentId(parent.id, index);
  return deps.db
    .prepare(
      `INSERT INTO documents (id, sha256, filename, media_type, format, size, blob_key, state, uploaded_by, created_at,
         updated_at, parent_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'processing', ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET sha256 = excluded.sha256, filename = excluded.filename,
         media_type = excluded.media_type, format = excluded.format, size = excluded.size, blob_key = excluded.blob_key,
         state = 'processing', uploaded_by = excluded.uploaded_by, updated_at = excluded.updated_at`,
    )
    .bind(
      id,
      `${parent.sha256}#${index}`,
      `${parent.filename}#${index}`,
      parent.media_type,
      parent.format,
      child.text.length,
      parent.blob_key,
      parent.uploaded_by,
      parent.created_at,
      now,
      parent.id,
    );
}

/** Stable, so processing an issue again replaces its parts rather than adding new ones. */
export function childDocumentId(parentId: string, index: number): string {
  return `${parentId}-${index}`;
}

/** A mention joined to the record `pe` takes its ids, which the sponsor filter and facet read. */
const JOINED_IDS =
  "bioguide_id = coalesce(document_people.bioguide_id, pe.bioguide_id), lis_id = coalesce(document_people.lis_id, pe.lis_id)";

/**
 * The document's people, their records (created, or completed with what this document adds; named as the legislators
 * data names them, where it knows them), and the join of name-only records with the one person whose mentions with an
 * id were written the same way, this document's or others' (not for those `linked` by related documents alone: one
 * bill's "Mr. Young" is not every document's).
 */
function peopleStatements(
  deps: Deps,
  documentId: string,
  people: PersonMention[],
  names: Map<string, string>,
  linked: Set<PersonMention>,
): SqlStatement[] {
  const { db } = deps;
  const now = nowIso(deps);
  const records = people.map((p) => [personId(p), p.bioguideId, p.lisId, p.name, p.party, p.state]);
  const keyed = (p: PersonMention) => Boolean(p.bioguideId || p.lisId) && !linked.has(p);
  const merges = people.filter(keyed).map((p) => [personId(p), anonymousPersonId(p)]);
  const nameOnly = people.map(personId).filter(isAnonymousPersonId);
  const mentions = people.map((p) => [
    personId(p),
    p.role,
    p.name,
    p.bioguideId,
    p.lisId,
    p.party,
    p.state,
    p.position,
    p.date,
    p.original,
    p.withdrawn,
    keyed(p) ? anonymousPersonId(p) : null,
  ]);
  const statements = [
    db
      .prepare(
        `INSERT INTO people (id, bioguide_id, lis_id, name, party, state, updated_at)
         SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, ? FROM json_each(?) WHERE true
         ON CONFLICT (id) DO UPDATE SET lis_id = coalesce(people.lis_id, excluded.lis_id),
           party = coalesce(excluded.party, people.party), state = coalesce(excluded.state, people.state),
           updated_at = excluded.updated_at`,
      )
      .bind(now, JSON.stringify(records)),
    db
      .prepare(
        `INSERT INTO document_people (document_id, ord, person_id, role, name, bioguide_id, lis_id, party, state, position,
           date, original, withdrawn, anonymous_key)
         SELECT ?, key, value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6,
           value ->> 7, value ->> 8, value ->> 9, value ->> 10, value ->> 11 FROM json_each(?)`,
      )
      .bind(documentId, JSON.stringify(mentions)),
  ];
  if (names.size > 0) {
    statements.push(
      db
        .prepare("UPDATE people SET name = j.value ->> 1 FROM json_each(?) j WHERE people.id = j.value ->> 0")
        .bind(JSON.stringify([...names])),
    );
  }
  // A name-only record and the one person whose mentions with an id were written the same way are one, whichever is
  // stored first; when two people's were, neither takes it (links made before the second came stay). Merged records
  // go with their last mention (migrations/0021_people_without_documents.sql).
  if (merges.length > 0) {
    statements.push(
      db
        .prepare(
          `UPDATE document_people SET person_id = pe.id, ${JOINED_IDS}
           FROM json_each(?) j JOIN people pe ON pe.id = j.value ->> 0
           WHERE document_people.person_id = j.value ->> 1 AND NOT EXISTS (SELECT 1 FROM document_people o
             WHERE o.anonymous_key = j.value ->> 1 AND o.person_id <> j.value ->> 0)`,
        )
        .bind(JSON.stringify(merges)),
    );
  }
  if (nameOnly.length > 0) {
    statements.push(
      db
        .prepare(
          `UPDATE document_people SET person_id = pe.id, ${JOINED_IDS}
           FROM (SELECT anonymous_key, min(person_id) AS person_id FROM document_people
                 WHERE anonymous_key IN (SELECT value FROM json_each(?1)) GROUP BY anonymous_key
                 HAVING count(DISTINCT person_id) = 1) o JOIN people pe ON pe.id = o.person_id
           WHERE document_people.document_id = ?2 AND document_people.person_id = o.anonymous_key`,
        )
        .bind(JSON.stringify([...new Set(nameOnly)]), documentId),
    );
  }
  return statements;
}
