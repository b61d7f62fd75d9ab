import type { Section } from "../api/types";
import { sectionAnchor } from "./DocumentText";

/** The section headings as links to their place in the text; nested by level. */
export function SectionOutline({ sections, textLength }: { sections: Section[]; textLength: number }) {
  const shown = sections.filter((s) => s.heading.trim() && s.start < textLength);
  if (shown.length === 0) return <p className="muted">No sections.</p>;
  const minLevel = Math.min(...shown.map((s) => s.level));
  return (
    <ol className="outline">
      {shown.map((s) => (
        <li key={`${s.start}-${s.level}`} style={{ paddingInlineStart: `${(s.level - minLevel) * 0.75}rem` }}>
          <a
            href={`#${sectionAnchor(s.start)}`}
            onClick={(event) => {
              const target = document.getElementById(sectionAnchor(s.start));
              if (!target) return;
              event.preventDefault();
              target.scrollIntoView?.({ block: "start" });
            }}
          >
            {s.heading}
          </a>
        </li>
      ))}
    </ol>
  );
}
