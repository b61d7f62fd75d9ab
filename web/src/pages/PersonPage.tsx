import { useEffect } from "react";
import { Link, useParams } from "react-router";
import { api } from "../api/client";
import type { Person } from "../api/types";
import { Badge } from "../components/Badge";
import { ProblemMessage } from "../components/ProblemMessage";
import { Skeleton } from "../components/Skeleton";
import { Table } from "../components/Table";
import { billLabel, partyName } from "../lib/labels";
import { useApi } from "../lib/use-api";

export default function PersonPage() {
  const { id = "" } = useParams();
  const person = useApi<Person>(id, (signal) => api<Person>(`/v1/people/${encodeURIComponent(id)}`, { signal }));

  useEffect(() => {
    if (person.data) document.title = `${person.data.name} – OpenDiscourse`;
  }, [person.data]);

  if (person.status === "error" && !person.data) return <ProblemMessage error={person.error} onRetry={person.reload} />;
  if (!person.data) return <Skeleton lines={10} label="Loading the member" />;
  const p = person.data;
  const term = p.terms.at(-1);
  const sponsored = p.sponsorships.filter((s) => s.role === "sponsor");
  const cosponsored = p.sponsorships.filter((s) => s.role === "cosponsor");

  return (
    <article className="person-page">
      <header className="page-header">
        <h1>{p.name}</h1>
        <div className="result-meta">
          {p.party ? <Badge tone="info">{partyName(p.party)}</Badge> : null}
          {p.state ? <Badge>{p.state}</Badge> : null}
          {term?.type ? <Badge>{term.type === "sen" ? "Senator" : "Representative"}</Badge> : null}
          {p.bioguideId ? <span className="muted">Bioguide {p.bioguideId}</span> : null}
          {p.lisId ? <span className="muted">LIS {p.lisId}</span> : null}
        </div>
        {term ? (
          <p className="muted">
            Latest term {term.start} – {term.end}
            {term.district !== undefined ? `, district ${term.district}` : ""}
          </p>
        ) : null}
      </header>
      <div className="bill-layout">
        <section className="panel" aria-labelledby="sponsored-heading">
          <h2 id="sponsored-heading">Sponsored bills ({sponsored.length})</h2>
          <BillList items={sponsored} />
          <h3>Cosponsored ({cosponsored.length})</h3>
          <BillList items={cosponsored} />
        </section>
        <section className="panel" aria-labelledby="speeches-heading">
          <h2 id="speeches-heading">Speeches ({p.speeches.length})</h2>
          {p.speeches.length === 0 ? (
            <p className="muted">No speeches in the documents.</p>
          ) : (
            <ul className="plain-list">
              {p.speeches.map((d) => (
                <li key={d.id}>
                  <Link to={`/documents/${encodeURIComponent(d.id)}`}>{d.title ?? d.filename}</Link>{" "}
                  <span className="muted">{d.date}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="panel wide" aria-labelledby="votes-heading">
          <h2 id="votes-heading">Votes ({p.votes.length})</h2>
          {p.votes.length === 0 ? (
            <p className="muted">No roll calls in the documents.</p>
          ) : (
            <Table columns={["Date", "Roll call", "Bill", "Question", "Vote", "Result"]}>
              {p.votes.map((v) => (
                <tr key={v.documentId}>
                  <td>{v.date}</td>
                  <td>
                    <Link to={`/documents/${encodeURIComponent(v.documentId)}`}>
                      {v.chamber} {v.rollNumber}
                    </Link>
                  </td>
                  <td>
                    {v.billId ? <Link to={`/bills/${encodeURIComponent(v.billId)}`}>{billLabel(v.billId)}</Link> : null}
                  </td>
                  <td>{v.question}</td>
                  <td>
                    <strong>{v.position}</strong>
                  </td>
                  <td>{v.result}</td>
                </tr>
              ))}
            </Table>
          )}
        </section>
      </div>
    </article>
  );
}

function BillList({ items }: { items: Person["sponsorships"] }) {
  if (items.length === 0) return <p className="muted">None in the documents.</p>;
  return (
    <ul className="plain-list">
      {items.map((s) => (
        <li key={`${s.billId}-${s.role}`}>
          <Link to={`/bills/${encodeURIComponent(s.billId)}`}>{billLabel(s.billId)}</Link> {s.title}{" "}
          <span className="muted">{s.date}</span>
          {s.withdrawn ? <span className="muted"> (withdrawn)</span> : null}
        </li>
      ))}
    </ul>
  );
}
