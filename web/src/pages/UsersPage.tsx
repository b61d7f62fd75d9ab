import { type FormEvent, useId, useState } from "react";
import { ApiError, api } from "../api/client";
import type { Role, User } from "../api/types";
import { Badge } from "../components/Badge";
import { Loaded } from "../components/Loaded";
import { ProblemMessage } from "../components/ProblemMessage";
import { RoleSelect } from "../components/RoleSelect";
import { Table } from "../components/Table";
import { formatDate } from "../lib/labels";
import { useApi } from "../lib/use-api";

/** Local accounts: create, change role, disable or enable. */
export default function UsersPage() {
  const users = useApi<{ users: User[] }>("users", (signal) => api<{ users: User[] }>("/v1/users", { signal }));
  const [error, setError] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const ids = { name: useId(), password: useId(), role: useId() };

  const act = async (run: () => Promise<unknown>) => {
    setError(null);
    try {
      await run();
      users.reload();
      return true;
    } catch (caught) {
      if (caught instanceof ApiError) setError(caught);
      return false;
    }
  };

  const create = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const name = String(form.get("name"));
    const ok = await act(() =>
      api("/v1/users", { json: { name, password: form.get("password"), role: form.get("role") } }),
    );
    if (ok) {
      setCreated(name);
      formElement.reset();
    }
  };

  const patch = (user: User, body: { role?: Role; disabled?: boolean }) =>
    act(() => api(`/v1/users/${encodeURIComponent(user.id)}`, { method: "PATCH", json: body }));

  return (
    <div className="admin-page">
      <h1>Users</h1>
      {error ? <ProblemMessage error={error} /> : null}
      <section className="panel" aria-labelledby="new-user-heading">
        <h2 id="new-user-heading">New user</h2>
        <form className="form inline-form" onSubmit={create}>
          <label htmlFor={ids.name}>Name</label>
          <input id={ids.name} name="name" required autoComplete="off" />
          <label htmlFor={ids.password}>Password</label>
          <input
            id={ids.password}
            name="password"
            type="password"
            minLength={12}
            required
            autoComplete="new-password"
          />
          <label htmlFor={ids.role}>Role</label>
          <RoleSelect id={ids.role} name="role" defaultValue="viewer" />
          <button type="submit" className="button">
            Create user
          </button>
        </form>
        {created ? (
          <p role="status" className="notice">
            Created {created}.
          </p>
        ) : null}
      </section>
      <section className="panel" aria-labelledby="users-heading">
        <h2 id="users-heading">Accounts</h2>
        <Loaded
          state={users}
          lines={5}
          empty={{ title: "No local users yet.", when: (data) => data.users.length === 0 }}
        >
          {(data) => (
            <Table columns={["Name", "Role", "State", "Last sign-in", "Action"]}>
              {data.users.map((user) => (
                <tr key={user.id}>
                  <td>{user.name}</td>
                  <td>
                    <RoleSelect
                      aria-label={`Role of ${user.name}`}
                      value={user.role}
                      onChange={(e) => patch(user, { role: e.target.value as Role })}
                    />
                  </td>
                  <td>
                    {user.disabledAt ? <Badge tone="danger">disabled</Badge> : <Badge tone="success">active</Badge>}
                  </td>
                  <td>{formatDate(user.lastLoginAt) || "never"}</td>
                  <td>
                    <button
                      type="button"
                      className="button secondary small"
                      onClick={() => patch(user, { disabled: !user.disabledAt })}
                    >
                      {user.disabledAt ? `Enable ${user.name}` : `Disable ${user.name}`}
                    </button>
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
