import { type FormEvent, useId, useState } from "react";
import { api } from "../api/client";
import type { AuditEntry } from "../api/types";
import { Loaded } from "../components/Loaded";
import { Table } from "../components/Table";
import { formatDate } from "../lib/labels";
import { useApi } from "../lib/use-api";

const PAGE = 50;

function summary(value: unknown): string {
  if (value === null || value === undefined) return "";
  return JSON.stringify(value);
}

/** The audit log, oldest first from a sequence number, filtered by action or actor; exported as JSON lines. */
export default function AuditPage() {
  const [filters, setFilters] = useState({ action: "", actor: "", after: 0 });
  const ids = { action: useId(), actor: useId() };
  const key = JSON.stringify(filters);
  const audit = useApi<{ entries: AuditEntry[]; next: number | string | null }>(key, (signal) =>
    api("/v1/audit", {
      query: { after: filters.after || undefined, limit: PAGE, action: filters.action, actor: filters.actor },
      signal,
    }),
  );

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setFilters({ action: String(form.get("action") ?? ""), actor: String(form.get("actor") ?? ""), after: 0 });
  };

  const data = audit.data;
  return (
    <div className="admin-page">
      <h1>Audit log</h1>
      <form className="form inline-form" onSubmit={apply}>
        <label htmlFor={ids.action}>Action</label>
        <input id={ids.action} name="action" placeholder="key.create" defaultValue={filters.action} />
        <label htmlFor={ids.actor}>Actor</label>
        <input id={ids.actor} name="actor" placeholder="user:…" defaultValue={filters.actor} />
        <button type="submit" className="button secondary">
          Filter
        </button>
        <a className="button secondary" href="/v1/audit/export" download>
          Export (JSON lines)
        </a>
      </form>
      <Loaded state={audit} lines={8} empty={{ title: "No entries.", when: (page) => page.entries.length === 0 }}>
        {(page) => (
          <Table columns={["#", "When", "Actor", "Action", "Target", "Change"]}>
            {page.entries.map((entry) => (
              <tr key={entry.seq}>
                <td>{entry.seq}</td>
                <td>{formatDate(entry.at)}</td>
                <td className="mono">
                  {entry.actor}
                  {entry.ip ? <span className="muted"> {entry.ip}</span> : null}
                </td>
                <td>{entry.action}</td>
                <td className="mono">{entry.target}</td>
                <td className="mono small-text">
                  {summary(entry.before)}
                  {entry.before !== null && entry.after !== null ? " → " : ""}
                  {summary(entry.after)}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Loaded>
      <nav className="pager" aria-label="Pages">
        {filters.after ? (
          <button type="button" className="button secondary" onClick={() => setFilters({ ...filters, after: 0 })}>
            First page
          </button>
        ) : null}
        {data?.next ? (
          <button
            type="button"
            className="button secondary"
            onClick={() => setFilters({ ...filters, after: Number(data.next) })}
          >
            Next page
          </button>
        ) : null}
      </nav>
    </div>
  );
}
