/** Grey placeholder lines that hold the space of content still loading, so nothing moves when it arrives. */
export function Skeleton({ lines = 3, label = "Loading" }: { lines?: number; label?: string }) {
  return (
    <div className="skeleton" role="status" aria-live="polite">
      <span className="visually-hidden">{label}…</span>
      {Array.from({ length: lines }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <div key={i} className="skeleton-line" style={{ width: `${90 - ((i * 17) % 40)}%` }} aria-hidden="true" />
      ))}
    </div>
  );
}

/** Placeholder cards the height of search results. */
export function ResultSkeletons({ count = 5 }: { count?: number }) {
  return (
    <div role="status" aria-live="polite" className="result-skeletons">
      <span className="visually-hidden">Searching…</span>
      {Array.from({ length: count }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <div key={i} className="result skeleton-card" aria-hidden="true">
          <div className="skeleton-line" style={{ width: "60%" }} />
          <div className="skeleton-line" />
          <div className="skeleton-line" style={{ width: "80%" }} />
        </div>
      ))}
    </div>
  );
}
