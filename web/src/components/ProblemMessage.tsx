import { Link } from "react-router";
import type { ApiError } from "../api/client";

/** A failed request as the user reads it: the problem's title and detail, and a way forward when there is one. */
export function ProblemMessage({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { problem } = error;
  return (
    <div className="problem" role="alert">
      <p className="problem-title">
        {problem.title}
        {problem.status ? <span className="problem-status"> ({problem.status})</span> : null}
      </p>
      {problem.detail && problem.detail !== problem.title ? <p>{problem.detail}</p> : null}
      {problem.status === 401 ? (
        <p>
          <Link to={`/sign-in?returnTo=${encodeURIComponent(window.location.pathname + window.location.search)}`}>
            Sign in
          </Link>{" "}
          to continue.
        </p>
      ) : null}
      {onRetry ? (
        <button type="button" className="button secondary" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
