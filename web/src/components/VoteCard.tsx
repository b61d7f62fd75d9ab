import { Link } from "react-router";
import { api } from "../api/client";
import type { DocumentDetails, DocumentRecord, VoteRecord } from "../api/types";
import { humanize } from "../lib/labels";
import { useApi } from "../lib/use-api";
import { ProblemMessage } from "./ProblemMessage";
import { Skeleton } from "./Skeleton";
import { PartyChart, TotalsBar, tallyByParty } from "./VoteChart";

/** One roll call on a bill: question, result, totals, and the per-party breakdown from its named voters. */
export function VoteCard({ vote }: { vote: DocumentRecord & { vote?: VoteRecord } }) {
  const details = useApi<DocumentDetails>(vote.id, (signal) =>
    api<DocumentDetails>(`/v1/documents/${encodeURIComponent(vote.id)}`, { signal }),
  );
  const record = vote.vote;
  const tallies = details.data ? tallyByParty(details.data.people) : [];
  // Parties come from the legislators data; a roll call whose voters it does not know has no breakdown to show.
  const known = tallies.some((t) => t.party !== "?");
  return (
    <li className="vote-card">
      <h3>
        <Link to={`/documents/${encodeURIComponent(vote.id)}`}>
          {record ? `${humanize(record.chamber)} roll call ${record.rollNumber}` : (vote.title ?? vote.filename)}
        </Link>{" "}
        <span className="muted">{vote.date}</span>
      </h3>
      {record?.question ? <p>{record.question}</p> : null}
      {record?.result ? (
        <p>
          <strong>{record.result}</strong>
        </p>
      ) : null}
      {record ? <TotalsBar counts={record.counts} /> : null}
      {details.status === "error" ? <ProblemMessage error={details.error} /> : null}
      {details.status === "loading" ? <Skeleton lines={3} label="Loading the votes by party" /> : null}
      {known ? <PartyChart tallies={tallies} /> : null}
      {details.data && tallies.length > 0 && !known ? (
        <p className="muted">The voters' parties are not known, so there is no breakdown by party.</p>
      ) : null}
    </li>
  );
}
