import { useEffect, useState } from "react";

/**
 * "Match 3 of 12" with previous and next buttons over the marks inside `containerId`, so a reader can step through
 * every place the query's words occur. Counts again whenever `version` changes (new text or new terms).
 */
export function HitNavigator({ containerId, version }: { containerId: string; version: string }) {
  const [count, setCount] = useState(0);
  const [index, setIndex] = useState(-1);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` says when the marks changed
  useEffect(() => {
    const marks = document.getElementById(containerId)?.querySelectorAll("mark") ?? [];
    setCount(marks.length);
    setIndex(-1);
  }, [containerId, version]);

  if (count === 0) return null;

  const go = (step: number) => {
    const marks = [...(document.getElementById(containerId)?.querySelectorAll("mark") ?? [])];
    if (marks.length === 0) return;
    const next = (index + step + marks.length) % marks.length;
    for (const mark of marks) mark.classList.remove("current");
    const target = marks[next];
    target?.classList.add("current");
    target?.scrollIntoView?.({ block: "center" });
    setIndex(next);
  };

  return (
    <fieldset className="hit-nav">
      <legend className="visually-hidden">Matches of the query</legend>
      <span aria-live="polite">{index < 0 ? `${count} matches` : `Match ${index + 1} of ${count}`}</span>
      <button type="button" className="button secondary small" onClick={() => go(-1)}>
        Previous match
      </button>
      <button type="button" className="button secondary small" onClick={() => go(1)}>
        Next match
      </button>
    </fieldset>
  );
}
