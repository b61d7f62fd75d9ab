import type { ReactNode } from "react";
import type { Loadable } from "../lib/use-api";
import { EmptyState } from "./EmptyState";
import { ProblemMessage } from "./ProblemMessage";
import { Skeleton } from "./Skeleton";

interface LoadedProps<T> {
  /** What `useApi` returns. */
  state: Loadable<T> & { reload(): void };
  /** Placeholder lines, and what screen readers hear, while the first answer is on its way. */
  lines?: number;
  label?: string;
  /** Shown instead of the content when the answer holds nothing to list. */
  empty?: { title: string; when(data: T): boolean };
  children(data: T): ReactNode;
}

/**
 * One request's answer as a page shows it, so every page fails, waits and comes up empty the same way: the problem
 * (with a retry) above whatever data is still held, placeholders until the first answer, then the content.
 */
export function Loaded<T>({ state, lines, label, empty, children }: LoadedProps<T>) {
  const { data } = state;
  return (
    <>
      {state.status === "error" ? <ProblemMessage error={state.error} onRetry={state.reload} /> : null}
      {data === undefined ? (
        state.status === "loading" ? (
          <Skeleton lines={lines} label={label} />
        ) : null
      ) : empty?.when(data) ? (
        <EmptyState title={empty.title} />
      ) : (
        children(data)
      )}
    </>
  );
}
