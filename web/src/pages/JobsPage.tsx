import { useEffect, useId, useState } from "react";
import { Link } from "react-router";
import { ApiError, api } from "../api/client";
import type { Job, JobsResponse } from "../api/types";
import { StateBadge } from "../components/Badge";
import { EmptyState } from "../components/EmptyState";
import { ProblemMessage } from "../components/ProblemMessage";
import { Skeleton } from "../components/Skeleton";
import { Table } from "../components/Table";
import { formatDate } from "../lib/labels";
import { useApi } from "../lib/use-api";
import { useSession } from "../session";

const STATES = ["", "queued", "processing", "retrying", "failed", "dead", "done"] as const;
const REFRESH_MS = 5000;

function Counts({ title, counts }: { title: string; counts: Record<string, number | string> }) {
  const entries = Object.entries(counts);
  return (
    <section className="panel counts" aria-label={title}>
      <h2>{title}</h2>
      {entries.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <dl className="count-grid">
          {entries.map(([state, count]) => (
            <div key={state}>
              <dt>{state}</dt>
              <dd>{count}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

function JobTable(props: { jobs: Job[]; canRetry: boolean; onRetry(job: Job): void; busy: string | null }) {
  if (props.jobs.length === 0) return <EmptyState title="No jobs here." />;
  return (
    <Table columns={["Job", "Document", "State", "Attempts", "Reason", "Updated", props.canRetry && "Action"]}>
      {props.jobs.map((job) => (
        <tr key={job.id}>
          <td>
            {job.type} <span className="muted mono">{job.id.slice(0, 8)}</span>
          </td>
          <td>
            {job.documentId ? (
              <Link to={`/documents/${encodeURIComponent(job.documentId)}`} className="mono">
                {job.documentId.slice(0, 12)}
              </Link>
            ) : null}
          </td>
          <td>
            <StateBadge state={job.state} />
          </td>
          <td>{job.attempts}</td>
          <td className="error-text">{job.error}</td>
          <td>{formatDate(job.updatedAt)}</td>
          {props.canRetry ? (
            <td>
              {job.state === "failed" || job.state === "dead" ? (
                <button
                  type="button"
                  className="button secondary small"
                  disabled={props.busy === job.id}
                  onClick={() => props.onRetry(job)}
                >
                  Retry
                </button>
              ) : null}
            </td>
          ) : null}
        </tr>
      ))}
    </Table>
  );
}

/** Queue depth, jobs by state, failed and dead jobs with their reasons, and retry for admins. */
export default function JobsPage() {
  const session = useSession();
  const [state, setState] = useState<string>("");
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const selectId = useId();
  const jobs = useApi<JobsResponse>(`jobs:${state}`, (signal) =>
    api<JobsResponse>("/v1/jobs", { query: { state, limit: 100 }, signal }),
  );

  useEffect(() => {
    const timer = setInterval(jobs.reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [jobs.reload]);

  const retry = async (job: Job) => {
    setBusy(job.id);
    setActionError(null);
    try {
      await api(`/v1/jobs/${encodeURIComponent(job.id)}/retry`, { method: "POST" });
      jobs.reload();
    } catch (error) {
      if (error instanceof ApiError) setActionError(error);
    } finally {
      setBusy(null);
    }
  };

  const data = jobs.data;
  const canRetry = session.can("jobs:retry");
  return (
    <div className="jobs-page">
      <h1>Jobs</h1>
      {jobs.status === "error" ? <ProblemMessage error={jobs.error} onRetry={jobs.reload} /> : null}
      {actionError ? <ProblemMessage error={actionError} /> : null}
      {!data ? (
        <Skeleton lines={8} label="Loading jobs" />
      ) : (
        <>
          <div className="counts-row">
            <Counts title="Queue" counts={data.counts} />
            <Counts title="Documents" counts={data.documents} />
            <Counts
              title="Processed (last minute · last hour)"
              counts={{
                parsed: `${data.throughput.lastMinute.process} · ${data.throughput.lastHour.process}`,
                embedded: `${data.throughput.lastMinute.embed} · ${data.throughput.lastHour.embed}`,
              }}
            />
          </div>
          <section className="panel" aria-labelledby="dead-heading">
            <h2 id="dead-heading">Dead jobs ({data.dead.length})</h2>
            <JobTable jobs={data.dead} canRetry={canRetry} onRetry={retry} busy={busy} />
          </section>
          <section className="panel" aria-labelledby="jobs-heading">
            <h2 id="jobs-heading">Recent jobs</h2>
            <label htmlFor={selectId}>State </label>
            <select id={selectId} value={state} onChange={(e) => setState(e.target.value)}>
              {STATES.map((s) => (
                <option key={s} value={s}>
                  {s || "any"}
                </option>
              ))}
            </select>
            <JobTable jobs={data.jobs} canRetry={canRetry} onRetry={retry} busy={busy} />
          </section>
        </>
      )}
    </div>
  );
}
