import { type FormEvent, useEffect, useId, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api } from "../api/client";
import type { Bill, CitingResponse, Sponsorship } from "../api/types";
import { Badge } from "../components/Badge";
import { BillCompare } from "../components/BillCompare";
import { EmptyState } from "../components/EmptyState";
import { PersonLink } from "../components/MetadataPanel";
import { ProblemMessage } from "../components/ProblemMessage";
import { Skeleton } from "../components/Skeleton";
import { VoteCard } from "../components/VoteCard";
import { billLabel, humanize } from "../lib/labels";
import { parseSearchState, toSearchParams } from "../lib/search-state";
import { useApi } from "../lib/use-api";

const ACTIONS_SHOWN = 12;

function People({ people, empty }: { people: Sponsorship[]; empty: string }) {
  if (people.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="plain-list columns">
      {people.map((p) => (
        <li key={p.personId} className={p.withdrawn ? "withdrawn" : undefined}>
          <PersonLink name={p.name} id={p.bioguideId ?? p.lisId ?? p.personId} party={p.party} state={p.state} />
          {p.original ? <span className="muted"> original</span> : null}
          {p.withdrawn ? <span className="muted"> withdrawn</span> : null}
          {p.date ? <span className="muted"> {p.date}</span> : null}
        </li>
      ))}
    </ul>
  );
}

function Timeline({ bill }: { bill: Bill }) {
  if (bill.versions.length === 0) return <p className="muted">No text versions yet.</p>;
  return (
    <ol className="timeline">
      {bill.versions.map((v) => (
        <li key={`${v.version}-${v.date}`}>
          <span className="timeline-date">{v.date ?? "undated"}</span>
          <span className="timeline-name">
            {v.name ?? v.version?.toUpperCase() ?? "Version"}
            {v.version ? <span className="muted"> ({v.version.toUpperCase()})</span> : null}
          </span>
          <ul className="inline-list">
            {v.renderings.map((r) => (
              <li key={r.id}>
                <Link to={`/documents/${encodeURIComponent(r.id)}`}>{r.format}</Link>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

function Citing({ billId }: { billId: string }) {
  const citing = useApi<CitingResponse>(billId, (signal) =>
    api<CitingResponse>(`/v1/citations/bill/${encodeURIComponent(billId)}`, { signal }),
  );
  if (citing.status === "error") return <ProblemMessage error={citing.error} onRetry={citing.reload} />;
  if (!citing.data) return <Skeleton lines={3} />;
  // The bill's own versions name it too: only other documents and bills are statements about it.
  const documents = citing.data.documents.filter((d) => d.billId !== billId);
  const billRecords = citing.data.billRecords.filter((b) => b.billId !== billId);
  if (documents.length === 0 && billRecords.length === 0) return <p className="muted">Nothing cites this bill yet.</p>;
  return (
    <ul className="plain-list">
      {documents.map((d) => (
        <li key={d.id}>
          <Link to={`/documents/${encodeURIComponent(d.id)}`}>{d.title ?? d.filename}</Link>{" "}
          {d.documentType ? <span className="muted">{humanize(d.documentType)}</span> : null}{" "}
          <span className="muted">{d.date}</span>
        </li>
      ))}
      {billRecords.map((b) => (
        <li key={b.billId}>
          <Link to={`/bills/${encodeURIComponent(b.billId)}`}>{billLabel(b.billId)}</Link> {b.title}
        </li>
      ))}
    </ul>
  );
}

/** A search of the bill's own documents (its texts, status, statements, votes): the search page, filtered to it. */
function SearchWithin({ billId }: { billId: string }) {
  const navigate = useNavigate();
  const inputId = useId();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const q = String(new FormData(event.currentTarget).get("q") ?? "").trim();
    if (!q) return;
    navigate(`/?${toSearchParams({ ...parseSearchState(new URLSearchParams()), q, filters: { bill: billId } })}`);
  };
  return (
    <search>
      <form className="form inline-form" onSubmit={submit}>
        <label htmlFor={inputId}>Search this bill's documents</label>
        <input id={inputId} name="q" type="search" autoComplete="off" spellCheck={false} />
        <button type="submit" className="button secondary">
          Search
        </button>
      </form>
    </search>
  );
}

export default function BillPage() {
  const { billId = "" } = useParams();
  const bill = useApi<Bill>(billId, (signal) => api<Bill>(`/v1/bills/${encodeURIComponent(billId)}`, { signal }));
  const [allActions, setAllActions] = useState(false);

  useEffect(() => {
    document.title = `${billLabel(billId)} – OpenDiscourse`;
  }, [billId]);

  if (bill.status === "error" && !bill.data) return <ProblemMessage error={bill.error} onRetry={bill.reload} />;
  if (!bill.data) return <Skeleton lines={12} label="Loading the bill" />;
  const b = bill.data;
  const actions = allActions ? b.actions : b.actions.slice(-ACTIONS_SHOWN);

  return (
    <article className="bill-page">
      <header className="page-header">
        <h1>
          {billLabel(b.billId)}
          {b.title ? <span className="bill-title">{b.title}</span> : null}
        </h1>
        <div className="result-meta">
          {b.policyArea ? <Badge tone="info">{b.policyArea}</Badge> : null}
          {b.publicLaw ? <Badge tone="success">Public Law {b.publicLaw}</Badge> : null}
          {b.introducedDate ? <span className="muted">Introduced {b.introducedDate}</span> : null}
        </div>
        {b.latestAction ? (
          <p className="latest-action">
            <strong>Latest action</strong> <span className="muted">{b.latestAction.date}</span> {b.latestAction.text}
          </p>
        ) : null}
        <SearchWithin billId={b.billId} />
      </header>
      <div className="bill-layout">
        <section className="panel" aria-labelledby="timeline-heading">
          <h2 id="timeline-heading">Versions</h2>
          <Timeline bill={b} />
        </section>
        <section className="panel" aria-labelledby="sponsors-heading">
          <h2 id="sponsors-heading">Sponsors</h2>
          <People people={b.sponsors} empty="No sponsor recorded." />
          <h3>Cosponsors ({b.cosponsors.length})</h3>
          <People people={b.cosponsors} empty="No cosponsors." />
        </section>
        <section className="panel wide" aria-labelledby="compare-heading">
          <h2 id="compare-heading">Compare versions</h2>
          <BillCompare bill={b} />
        </section>
        <section className="panel" aria-labelledby="actions-heading">
          <h2 id="actions-heading">Actions</h2>
          {b.actions.length === 0 ? (
            <p className="muted">No actions recorded.</p>
          ) : (
            <>
              <ol className="actions">
                {actions.map((a, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: actions repeat on the same day
                  <li key={`${a.date}-${i}`}>
                    <span className="timeline-date">{a.date}</span> {a.chamber ? <Badge>{a.chamber}</Badge> : null}{" "}
                    {a.text}
                  </li>
                ))}
              </ol>
              {b.actions.length > ACTIONS_SHOWN ? (
                <button type="button" className="button secondary small" onClick={() => setAllActions((v) => !v)}>
                  {allActions ? "Show the latest only" : `Show all ${b.actions.length} actions`}
                </button>
              ) : null}
            </>
          )}
        </section>
        <section className="panel" aria-labelledby="votes-heading">
          <h2 id="votes-heading">Votes</h2>
          {b.votes.length === 0 ? (
            <p className="muted">No roll calls on this bill.</p>
          ) : (
            <ul className="plain-list">
              {b.votes.map((v) => (
                <VoteCard key={v.id} vote={v} />
              ))}
            </ul>
          )}
        </section>
        <section className="panel" aria-labelledby="citing-heading">
          <h2 id="citing-heading">Statements and documents citing it</h2>
          <Citing billId={b.billId} />
        </section>
        {b.related.length > 0 ? (
          <section className="panel" aria-labelledby="related-heading">
            <h2 id="related-heading">Related documents</h2>
            <ul className="plain-list">
              {b.related.map((d) => (
                <li key={d.id}>
                  <Link to={`/documents/${encodeURIComponent(d.id)}`}>{d.title ?? d.filename}</Link>{" "}
                  {d.documentType ? <span className="muted">{humanize(d.documentType)}</span> : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {b.versions.length === 0 && b.actions.length === 0 && b.votes.length === 0 ? (
          <EmptyState title="Little is known about this bill yet." />
        ) : null}
      </div>
    </article>
  );
}
