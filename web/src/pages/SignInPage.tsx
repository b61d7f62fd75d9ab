import { type FormEvent, useEffect, useId, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { ApiError, api } from "../api/client";
import type { Providers } from "../api/types";
import { ProblemMessage } from "../components/ProblemMessage";
import { useApi } from "../lib/use-api";
import { useSession } from "../session";

/** Only same-origin paths: a returnTo pointing elsewhere falls back to the start page. */
export function safeReturnTo(value: string | null): string {
  if (!value?.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  return value;
}

export default function SignInPage() {
  const [params] = useSearchParams();
  const returnTo = safeReturnTo(params.get("returnTo"));
  const navigate = useNavigate();
  const session = useSession();
  const providers = useApi<Providers>("providers", (signal) => api<Providers>("/v1/auth/providers", { signal }));
  const [error, setError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);
  const nameId = useId();
  const passwordId = useId();

  useEffect(() => {
    document.title = "Sign in – OpenDiscourse";
  }, []);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      await api("/v1/auth/login", { json: { name: form.get("name"), password: form.get("password") } });
      await session.refresh();
      navigate(returnTo, { replace: true });
    } catch (caught) {
      if (caught instanceof ApiError) setError(caught);
    } finally {
      setPending(false);
    }
  };

  const p = providers.data;
  return (
    <div className="narrow">
      <h1>Sign in</h1>
      {session.signedIn ? (
        <p className="notice">
          You are signed in as {session.me?.name ?? session.me?.actor}. <Link to={returnTo}>Continue</Link>
        </p>
      ) : null}
      {p?.setupRequired ? (
        <p className="notice" role="status">
          No administrator exists yet: open the setup link printed by the server at its first start.
        </p>
      ) : null}
      {error ? <ProblemMessage error={error} /> : null}
      {providers.status === "error" ? <ProblemMessage error={providers.error} /> : null}
      {p === undefined || p.password ? (
        <form className="form" onSubmit={submit}>
          <label htmlFor={nameId}>Name</label>
          <input id={nameId} name="name" autoComplete="username" required />
          <label htmlFor={passwordId}>Password</label>
          <input id={passwordId} name="password" type="password" autoComplete="current-password" required />
          <button type="submit" className="button" disabled={pending}>
            {pending ? "Signing in…" : "Sign in"}
          </button>
        </form>
      ) : null}
      {p?.oidc ? (
        <p>
          <a className="button secondary" href={`/v1/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`}>
            Sign in with your organization
          </a>
        </p>
      ) : null}
    </div>
  );
}
