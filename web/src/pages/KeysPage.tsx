import { type FormEvent, useId, useState } from "react";
import { ApiError, api } from "../api/client";
import type { ApiKey, CreatedKey } from "../api/types";
import { Badge } from "../components/Badge";
import { Loaded } from "../components/Loaded";
import { ProblemMessage } from "../components/ProblemMessage";
import { RoleSelect } from "../components/RoleSelect";
import { Table } from "../components/Table";
import { formatDate } from "../lib/labels";
import { useApi } from "../lib/use-api";

/** API keys: create one (its secret is shown once, here), list and revoke. */
export default function KeysPage() {
  const keys = useApi<{ keys: ApiKey[] }>("keys", (signal) => api<{ keys: ApiKey[] }>("/v1/keys", { signal }));
  const [error, setError] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [copied, setCopied] = useState(false);
  const ids = { name: useId(), role: useId(), expires: useId() };

  const create = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const expires = String(form.get("expires") ?? "");
    setError(null);
    setCopied(false);
    try {
      const key = await api<CreatedKey>("/v1/keys", {
        json: {
          role: form.get("role"),
          name: String(form.get("name") ?? "").trim() || undefined,
          expiresAt: expires ? new Date(`${expires}T00:00:00Z`).toISOString() : undefined,
        },
      });
      setCreated(key);
      formElement.reset();
      keys.reload();
    } catch (caught) {
      if (caught instanceof ApiError) setError(caught);
    }
  };

  const revoke = async (key: ApiKey) => {
    if (!window.confirm(`Revoke key ${key.prefix}? Programs using it stop working.`)) return;
    setError(null);
    try {
      await api(`/v1/keys/${encodeURIComponent(key.id)}`, { method: "DELETE" });
      keys.reload();
    } catch (caught) {
      if (caught instanceof ApiError) setError(caught);
    }
  };

  return (
    <div className="admin-page">
      <h1>API keys</h1>
      {error ? <ProblemMessage error={error} /> : null}
      <section className="panel" aria-labelledby="new-key-heading">
        <h2 id="new-key-heading">New key</h2>
        <form className="form inline-form" onSubmit={create}>
          <label htmlFor={ids.name}>Name</label>
          <input id={ids.name} name="name" maxLength={100} autoComplete="off" />
          <label htmlFor={ids.role}>Role</label>
          <RoleSelect id={ids.role} name="role" defaultValue="viewer" />
          <label htmlFor={ids.expires}>Expires</label>
          <input id={ids.expires} name="expires" type="date" />
          <button type="submit" className="button">
            Create key
          </button>
        </form>
        {created ? (
          <div className="new-key" role="status">
            <p>
              <strong>Copy this key now: it is not shown again.</strong>
            </p>
            <code className="secret">{created.key}</code>{" "}
            <button
              type="button"
              className="button secondary small"
              onClick={async () => {
                await navigator.clipboard?.writeText(created.key);
                setCopied(true);
              }}
            >
              {copied ? "Copied" : "Copy"}
            </button>
          </div>
        ) : null}
      </section>
      <section className="panel" aria-labelledby="keys-heading">
        <h2 id="keys-heading">Keys</h2>
        <Loaded state={keys} lines={5} empty={{ title: "No API keys yet.", when: (data) => data.keys.length === 0 }}>
          {(data) => (
            <Table columns={["Prefix", "Name", "Role", "Created", "Expires", "Last used", "State"]}>
              {data.keys.map((key) => (
                <tr key={key.id}>
                  <td className="mono">{key.prefix}</td>
                  <td>{key.name}</td>
                  <td>{key.role}</td>
                  <td>{formatDate(key.createdAt)}</td>
                  <td>{formatDate(key.expiresAt) || "never"}</td>
                  <td>{formatDate(key.lastUsedAt) || "never"}</td>
                  <td>
                    {key.revokedAt ? (
                      <Badge tone="danger">revoked</Badge>
                    ) : (
                      <button type="button" className="button secondary small" onClick={() => revoke(key)}>
                        Revoke {key.prefix}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </Loaded>
      </section>
    </div>
  );
}
