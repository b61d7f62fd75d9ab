import type { GovMetadata } from "../types";
import type { RenderBlock } from "./render";

const TITLE_LABELS = {
  official: "Official title",
  short: "Short title",
  display: "Display title",
  popular: "Popular title",
};

/**
 * The reading text of a bill's record (status, THOMAS, GovTrack) as headed blocks: titles, sponsors, CRS summaries,
 * actions, laws, subjects. Repeated lines (the same action from two source systems) appear once.
 */
export function billRecordBlocks(metadata: GovMetadata): RenderBlock[] {
  const titles = metadata.titles.map((t) => `${TITLE_LABELS[t.type]}${t.as ? ` as ${t.as}` : ""}: ${t.text}`);
  const people = metadata.people.map((p) => {
    const role = p.role === "sponsor" ? "Sponsor" : p.withdrawn ? "Cosponsor (withdrawn)" : "Cosponsor";
    // GovTrack names people only by its own id: the line says so rather than leaving the name blank.
    const name = p.name || (p.govtrackId ? `GovTrack person ${p.govtrackId}` : (p.bioguideId ?? ""));
    return `${role}: ${name}${p.date ? `, ${p.date}` : ""}`;
  });
  const blocks: RenderBlock[] = [
    { heading: "Titles", level: 1, lines: [...new Set(titles)] },
    { heading: "Sponsors", level: 1, lines: people },
  ];
  if (metadata.summaries.length > 0) {
    blocks.push({ heading: "Summaries", level: 1 });
    for (const summary of metadata.summaries) {
      const heading = [summary.description ?? "Summary", summary.date].filter(Boolean).join(", ");
      blocks.push({ heading, level: 2, paragraphs: [summary.text] });
    }
  }
  blocks.push({
    heading: "Actions",
    level: 1,
    lines: [...new Set(metadata.actions.map((a) => `${a.date}: ${a.text}`))],
  });
  const laws = metadata.citations.map((c) => c.text);
  blocks.push({ heading: "Laws", level: 1, lines: laws });
  if (metadata.subjects.length > 0 || metadata.policyArea) {
    const lines = metadata.policyArea ? [`Policy area: ${metadata.policyArea}`] : [];
    blocks.push({ heading: "Subjects", level: 1, lines: lines.concat(metadata.subjects) });
  }
  return blocks;
}
