import { useEffect, useMemo } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { isOwnPage } from "../../../src/formats/gov/citations/own-pages";
import { api } from "../api/client";
import type { DocumentDetails, DocumentRecord, DocumentText as Text } from "../api/types";
import { Badge, StateBadge } from "../components/Badge";
import { DocumentText } from "../components/DocumentText";
import { HitNavigator } from "../components/HitNavigator";
import { MetadataPanel } from "../components/MetadataPanel";
import { ProblemMessage } from "../components/ProblemMessage";
import { SectionOutline } from "../components/SectionOutline";
import { Skeleton } from "../components/Skeleton";
import { billLabel, humanize } from "../lib/labels";
import { markableQuery } from "../lib/mark-query";
import { useApi } from "../lib/use-api";

const WORKING = new Set(["queued", "processing", "indexed"]);

/** `12-340` → the passage offsets a search result pointed at. */
function parseAt(value: string | null): { start: number; end: number } | null {
  const match = /^(\d+)-(\d+)$/.exec(value ?? "");
  if (!match) return null;
  return { start: Number(match[1]), end: Number(match[2]) };
}

interface Related {
  billId: string | null;
  versions: {
    document: DocumentRecord;
    version: string | null;
    versionName: string | null;
    date: string | null;
    sameVersion: boolean;
  }[];
  billDocuments: DocumentRecord[];
  citedBy: DocumentRecord[];
  cites: { billId: string; title: string | null; documents: number }[];
  truncated: boolean;
}

function DocList({ docs }: { docs: DocumentRecord[] }) {
  return (
    <ul className="plain-list">
      {docs.map((d) => (
        <li key={d.id}>
          <Link to={`/documents/${encodeURIComponent(d.id)}`}>{d.title ?? d.filename}</Link>{" "}
          <span className="muted">
            {d.documentType ? humanize(d.documentType) : d.format} {d.date ?? ""}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The other versions and renderings of the bill, its other documents, and what cites it or it cites. */
function RelatedPanel({ id }: { id: string }) {
  const related = useApi<Related>(id, (signal) =>
    api<Related>(`/v1/documents/${encodeURIComponent(id)}/related`, { signal }),
  );
  if (related.status === "error") return related.error.status === 404 ? null : <ProblemMessage error={related.error} />;
  if (!related.data) return <Skeleton lines={4} label="Loading related documents" />;
  const { versions, billDocuments, citedBy, cites } = related.data;
  if (versions.length + billDocuments.length + citedBy.length + cites.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="related-heading">
      <h2 id="related-heading">Related</h2>
      {versions.length > 0 ? (
        <>
          <h3>Versions and renderings</h3>
          <ul className="plain-list">
            {versions.map((v) => (
              <li key={v.document.id}>
                <Link to={`/documents/${encodeURIComponent(v.document.id)}`}>
                  {v.versionName ?? v.version?.toUpperCase() ?? v.document.filename}
                </Link>{" "}
                <span className="muted">
                  {v.document.format}
                  {v.sameVersion ? " (this version)" : ""} {v.date ?? ""}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {billDocuments.length > 0 ? (
        <>
          <h3>Other documents on the bill</h3>
          <DocList docs={billDocuments} />
        </>
      ) : null}
      {citedBy.length > 0 ? (
        <>
          <h3>Cited by</h3>
          <DocList docs={citedBy} />
        </>
      ) : null}
      {cites.length > 0 ? (
        <>
          <h3>Bills it cites</h3>
          <ul className="plain-list">
            {cites.map((b) => (
              <li key={b.billId}>
                <Link to={`/bills/${encodeURIComponent(b.billId)}`}>{billLabel(b.billId)}</Link> {b.title}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

export default function DocumentPage() {
  const { id = "" } = useParams();
  const [params] = useSearchParams();
  const query = params.get("q") ?? "";
  const passage = parseAt(params.get("at"));
  const marked = useMemo(() => markableQuery(query), [query]);

  const details = useApi<DocumentDetails>(id, (signal) =>
    api<DocumentDetails>(`/v1/documents/${encodeURIComponent(id)}`, { signal }),
  );
  const doc = details.data;
  const working = doc ? WORKING.has(doc.state) : false;
  const textKey = doc && doc.state !== "queued" && doc.state !== "processing" ? `${id}:${doc.state}` : null;
  const text = useApi<Text>(textKey, (signal) => api<Text>(`/v1/documents/${encodeURIComponent(id)}/text`, { signal }));

  // A document still being processed is looked at again until it is ready or failed; each answer schedules the next.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `details.data` changes with each answer
  useEffect(() => {
    if (!working) return;
    const timer = setTimeout(details.reload, 2000);
    return () => clearTimeout(timer);
  }, [working, details.reload, details.data]);

  useEffect(() => {
    if (doc) document.title = `${doc.title ?? doc.filename} – OpenDiscourse`;
  }, [doc]);

  if (details.status === "error" && !doc) return <ProblemMessage error={details.error} onRetry={details.reload} />;
  if (!doc) return <Skeleton lines={10} label="Loading the document" />;

  const sections = text.data?.sections ?? doc.sections;
  const pages = doc.citations.flatMap((c) =>
    isOwnPage(c) && c.start !== undefined ? [{ label: c.text, start: c.start }] : [],
  );
  return (
    <article className="document-page">
      <header className="page-header">
        <p className="breadcrumb">
          {query ? <Link to={`/?q=${encodeURIComponent(query)}`}>← Results for “{query}”</Link> : null}
        </p>
        <h1>{doc.title?.trim() || doc.filename}</h1>
        <div className="result-meta">
          {doc.documentType ? <Badge tone="info">{humanize(doc.documentType)}</Badge> : null}
          {doc.billId ? (
            <Link className="badge badge-bill" to={`/bills/${encodeURIComponent(doc.billId)}`}>
              {billLabel(doc.billId)}
            </Link>
          ) : null}
          <StateBadge state={doc.state} />
          <a className="button secondary small" href={`/v1/documents/${encodeURIComponent(doc.id)}/content`} download>
            Download original
          </a>
        </div>
      </header>
      {doc.state === "failed" ? (
        <div className="problem" role="alert">
          <p className="problem-title">Processing failed</p>
          <p>{doc.error ?? "No reason was recorded."}</p>
        </div>
      ) : null}
      {working ? (
        <p className="notice" role="status">
          This document is {doc.state}; the page updates when it is ready.
        </p>
      ) : null}
      <div className="document-layout">
        <nav className="outline-panel" aria-label="Sections">
          <h2>Sections</h2>
          {text.data ? (
            <SectionOutline sections={sections} textLength={text.data.text.length} />
          ) : (
            <Skeleton lines={6} />
          )}
        </nav>
        <section className="text-panel" aria-label="Text" id="document-text">
          {text.data && marked ? (
            <HitNavigator containerId="document-text" version={`${id}:${text.data.text.length}:${query}`} />
          ) : null}
          {text.status === "error" ? <ProblemMessage error={text.error} onRetry={text.reload} /> : null}
          {text.data ? (
            <DocumentText text={text.data.text} sections={sections} query={marked} passage={passage} pages={pages} />
          ) : text.status !== "error" ? (
            <Skeleton lines={16} label="Loading the text" />
          ) : null}
        </section>
        <aside className="meta-panel" aria-label="Details">
          <section className="panel">
            <h2>Details</h2>
            <MetadataPanel doc={doc} />
          </section>
          {doc.parts.length > 0 ? (
            <section className="panel">
              <h2>Parts</h2>
              <ul className="plain-list">
                {doc.parts.map((part) => (
                  <li key={part}>
                    <Link to={`/documents/${encodeURIComponent(part)}`}>{part}</Link>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <RelatedPanel id={doc.id} />
        </aside>
      </div>
    </article>
  );
}
