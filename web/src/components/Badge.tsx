import type { ReactNode } from "react";

export type BadgeTone = "neutral" | "info" | "success" | "warning" | "danger";

export function Badge({
  children,
  tone = "neutral",
  title,
}: {
  children: ReactNode;
  tone?: BadgeTone;
  title?: string;
}) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

const STATE_TONES: Record<string, BadgeTone> = {
  ready: "success",
  indexed: "info",
  processing: "info",
  queued: "neutral",
  failed: "danger",
  dead: "danger",
  done: "success",
  pending: "neutral",
};

/** A document or job state with a colour that says how it went. */
export function StateBadge({ state }: { state: string }) {
  return <Badge tone={STATE_TONES[state] ?? "neutral"}>{state}</Badge>;
}
