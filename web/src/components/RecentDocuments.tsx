import { Link } from "react-router";
import { api } from "../api/client";
import type { DocumentRecord } from "../api/types";
import { billLabel, formatDate, humanize } from "../lib/labels";
import { useApi } from "../lib/use-api";
import { StateBadge } from "./Badge";
import { Skeleton } from "./Skeleton";

/** The newest documents, so the start page shows what the index holds before anything is typed. */
export function RecentDocuments() {
  const recent = useApi<{ documents: DocumentRecord[] }>("recent", (signal) =>
    api<{ documents: DocumentRecord[] }>("/v1/documents", { query: { limit: 10 }, signal }),
  );
  // The start page stays useful without the list: a failure here is not worth an alert.
  if (recent.status === "error") return null;
  return (
    <section className="panel recent" aria-labelledby="recent-heading">
      <h2 id="recent-heading">Recently added</h2>
      {!recent.data ? (
        <Skeleton lines={5} label="Loading recent documents" />
      ) : recent.data.documents.length === 0 ? (
        <p className="muted">No documents yet.</p>
      ) : (
        <ul className="plain-list">
          {recent.data.documents.map((d) => (
            <li key={d.id}>
              <Link to={`/documents/${encodeURIComponent(d.id)}`}>{d.title?.trim() || d.filename}</Link>{" "}
              {d.billId ? <span className="muted">{billLabel(d.billId)}</span> : null}{" "}
              {d.documentType ? <span className="muted">{humanize(d.documentType)}</span> : null}{" "}
              {d.state !== "ready" ? <StateBadge state={d.state} /> : null}{" "}
              <span className="muted">{formatDate(d.createdAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
