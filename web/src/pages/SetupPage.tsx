import { type FormEvent, useId, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { ApiError, api } from "../api/client";
import { ProblemMessage } from "../components/ProblemMessage";
import { useSession } from "../session";

/** The first administrator, with the one-time token the server printed at its first start. */
export default function SetupPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const [error, setError] = useState<ApiError | null>(null);
  const [mismatch, setMismatch] = useState(false);
  const [pending, setPending] = useState(false);
  const ids = { token: useId(), name: useId(), password: useId(), confirm: useId() };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (form.get("password") !== form.get("confirm")) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    setPending(true);
    setError(null);
    try {
      await api("/v1/auth/setup", {
        json: { token: form.get("token"), name: form.get("name"), password: form.get("password") },
      });
      await session.refresh();
      navigate("/admin/users", { replace: true });
    } catch (caught) {
      if (caught instanceof ApiError) setError(caught);
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="narrow">
      <h1>Create the first administrator</h1>
      {error ? <ProblemMessage error={error} /> : null}
      <form className="form" onSubmit={submit}>
        <label htmlFor={ids.token}>Setup token</label>
        <input id={ids.token} name="token" defaultValue={params.get("token") ?? ""} required autoComplete="off" />
        <label htmlFor={ids.name}>Name</label>
        <input id={ids.name} name="name" autoComplete="username" required />
        <label htmlFor={ids.password}>Password (at least 12 characters)</label>
        <input id={ids.password} name="password" type="password" minLength={12} autoComplete="new-password" required />
        <label htmlFor={ids.confirm}>Password again</label>
        <input
          id={ids.confirm}
          name="confirm"
          type="password"
          minLength={12}
          autoComplete="new-password"
          required
          aria-invalid={mismatch}
          aria-describedby={mismatch ? `${ids.confirm}-error` : undefined}
        />
        {mismatch ? (
          <p id={`${ids.confirm}-error`} className="error-text" role="alert">
            The passwords differ.
          </p>
        ) : null}
        <button type="submit" className="button" disabled={pending}>
          {pending ? "Creating…" : "Create administrator"}
        </button>
      </form>
    </div>
  );
}
