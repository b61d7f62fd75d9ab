import type { ReactNode } from "react";
import { Link } from "react-router";
import { isOwnPage } from "../../../src/formats/gov/citations/own-pages";
import type { DocumentDetails } from "../api/types";
import { billLabel, formatBytes, formatDate, humanize, partyName } from "../lib/labels";
import { StateBadge } from "./Badge";

function Row({ label, children }: { label: string; children: ReactNode }) {
  if (children === null || children === undefined || children === "") return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** A member's page when documents name them by an id, else just the name. */
export function PersonLink(props: {
  name: string;
  id?: string | null | undefined;
  party?: string | null;
  state?: string | null;
}) {
  const suffix = [props.party, props.state].filter(Boolean).join("-");
  const label = suffix ? `${props.name} (${suffix})` : props.name;
  return props.id ? <Link to={`/people/${encodeURIComponent(props.id)}`}>{label}</Link> : label;
}

type Citation = DocumentDetails["citations"][number];

/** `89 FR 9743 – 9757`, or the one page. */
function pageRange(pages: Citation[]): string | null {
  const [first] = pages;
  const last = pages.at(-1);
  if (!first || !last) return null;
  return first === last ? first.text : `${first.text} – ${last.text.split(" ").at(-1)}`;
}

/** What the processing found out about a document, and its file facts. */
export function MetadataPanel({ doc }: { doc: DocumentDetails }) {
  const cited = doc.citations.filter((c) => !isOwnPage(c));
  const people = doc.people.filter((p) => p.role !== "voter").slice(0, 30);
  return (
    <dl className="metadata">
      <Row label="State">
        <StateBadge state={doc.state} />
        {doc.error ? <span className="error-text"> {doc.error}</span> : null}
      </Row>
      <Row label="Type">{doc.documentType ? humanize(doc.documentType) : null}</Row>
      <Row label="Bill">
        {doc.billId ? <Link to={`/bills/${encodeURIComponent(doc.billId)}`}>{billLabel(doc.billId)}</Link> : null}
      </Row>
      <Row label="Version">{doc.versionName ?? doc.version?.toUpperCase()}</Row>
      <Row label={doc.dateKind ? `Date (${doc.dateKind})` : "Date"}>{doc.date}</Row>
      <Row label="Chamber">{doc.chamber}</Row>
      <Row label="Policy area">{doc.policyArea}</Row>
      <Row label="Agency">{doc.agency}</Row>
      <Row label="Document number">{doc.documentNumber}</Row>
      <Row label="People">
        {people.length > 0 ? (
          <ul className="plain-list">
            {people.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the same person may be named in several roles
              <li key={`${p.name}-${i}`}>
                <PersonLink name={p.name} id={p.bioguideId ?? p.lisId} party={p.party} state={p.state} />{" "}
                <span className="muted">{humanize(p.role)}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </Row>
      <Row label="Committees">{doc.committees.map((c) => c.name).join("; ") || null}</Row>
      <Row label="Subjects">{doc.subjects.slice(0, 20).join("; ") || null}</Row>
      <Row label="Printed at">{pageRange(doc.citations.filter(isOwnPage))}</Row>
      <Row label="Cites">
        {cited.length > 0 ? (
          <ul className="plain-list">
            {[...new Map(cited.map((c) => [c.target, c])).values()].slice(0, 20).map((c) => (
              <li key={c.target}>{c.text}</li>
            ))}
          </ul>
        ) : null}
      </Row>
      <Row label="Related bills">
        {doc.relatedBills.length > 0 ? (
          <ul className="plain-list">
            {doc.relatedBills.map((b) => (
              <li key={b}>
                <Link to={`/bills/${encodeURIComponent(b)}`}>{billLabel(b)}</Link>
              </li>
            ))}
          </ul>
        ) : null}
      </Row>
      <Row label="File">{doc.filename}</Row>
      <Row label="Format">{`${doc.format} (${doc.mediaType})`}</Row>
      <Row label="Size">{formatBytes(doc.size)}</Row>
      <Row label="Passages">{doc.chunkCount > 0 ? String(doc.chunkCount) : null}</Row>
      <Row label="Uploaded">{formatDate(doc.createdAt)}</Row>
      <Row label="Party">{people.length === 1 && people[0]?.party ? partyName(people[0].party) : null}</Row>
    </dl>
  );
}
