import type { Section } from "./domain";

/** A section as parsers store it: bill parsers add the heading path (`Title I > Sec. 101`) and USLM identifiers. */
export type StoredSection = Section & { path?: string; identifier?: string };

/** A piece of a document compared as a whole with its counterpart in another version. */
export interface SectionUnit {
  /** What the piece is matched by across versions: `Sec. 2`, `Division A > Sec. 101`, `front`, `end`. */
  key: string;
  heading: string | null;
  path: string | null;
  start: number;
  end: number;
  text: string;
}

export interface AlignedUnits {
  key: string;
  from: SectionUnit | null;
  to: SectionUnit | null;
}

const SECTION_LABEL = /^Sec\. /;
/** Levels whose numbering restarts section numbers (each division of an omnibus bill has its own `Sec. 101`). */
const NUMBERING_SCOPE = /^(Division|Subdivision) /;

/**
 * The pieces a version is compared by: its sections (`Sec. N`, scoped by division) when the parser found any, else
 * its outermost headings, else the whole text; with the text before the first piece (`front`: the bill's caption,
 * "A BILL" or "AN ACT") and after the last (`end`: attestation, committee notes). Text between sections outside any
 * (a title's own heading) is left out: the sections' paths name their titles.
 */
export function sectionUnits(text: string, sections: StoredSection[]): SectionUnit[] {
  const picked = pickUnits(sections);
  if (picked.length === 0) return text.trim() ? [piece("text", null, null, 0, text.length, text)] : [];
  const units: SectionUnit[] = [];
  const first = picked[0] as StoredSection;
  if (text.slice(0, first.start).trim()) units.push(piece("front", null, null, 0, first.start, text));
  const seen = new Map<string, number>();
  for (const s of picked) {
    const base = unitKey(s);
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    units.push(piece(count === 1 ? base : `${base} #${count}`, s.heading, s.path ?? null, s.start, s.end, text));
  }
  const last = picked.at(-1) as StoredSection;
  if (text.slice(last.end).trim()) units.push(piece("end", null, null, last.end, text.length, text));
  return units;
}

/** Sections labelled `Sec. N` not inside another one, or else the outermost level's sections. */
function pickUnits(sections: StoredSection[]): StoredSection[] {
  const labelled = sections.filter((s) => SECTION_LABEL.test(lastLabel(s)));
  const minLevel = Math.min(...sections.map((s) => s.level));
  const candidates = labelled.length > 0 ? labelled : sections.filter((s) => s.level === minLevel);
  const out: StoredSection[] = [];
  for (const s of [...candidates].sort((a, b) => a.start - b.start)) {
    const previous = out.at(-1);
    if (!previous || s.start >= previous.end) out.push(s);
  }
  return out;
}

function lastLabel(s: StoredSection): string {
  return s.path?.split(" > ").at(-1) ?? "";
}

function unitKey(s: StoredSection): string {
  if (s.path) {
    const labels = s.path.split(" > ");
    const last = labels.at(-1) as string;
    if (SECTION_LABEL.test(last)) return [...labels.filter((l) => NUMBERING_SCOPE.test(l)), last].join(" > ");
    return s.path;
  }
  return (
    s.heading
      .replace(/\s+/g, " ")
      .replace(/[.:\s]+$/, "")
      .toLowerCase() || `@${s.start}`
  );
}

function piece(key: string, heading: string | null, path: string | null, start: number, end: number, text: string) {
  return { key, heading, path, start, end, text: text.slice(start, end) };
}

/**
 * Pairs the pieces of two versions by key, in the new version's order, each removed piece placed before the kept
 * piece that followed it in the old version. A section that moved is paired where it now stands.
 */
export function alignUnits(from: SectionUnit[], to: SectionUnit[]): AlignedUnits[] {
  const toKeys = new Set(to.map((u) => u.key));
  const fromIndex = new Map(from.map((u, i) => [u.key, i]));
  const out: AlignedUnits[] = [];
  let next = 0;
  const flushRemoved = (upTo: number) => {
    for (; next < upTo; next++) {
      const unit = from[next] as SectionUnit;
      if (!toKeys.has(unit.key)) out.push({ key: unit.key, from: unit, to: null });
    }
  };
  for (const unit of to) {
    const i = fromIndex.get(unit.key);
    if (i === undefined) {
      out.push({ key: unit.key, from: null, to: unit });
      continue;
    }
    flushRemoved(i);
    out.push({ key: unit.key, from: from[i] as SectionUnit, to: unit });
  }
  flushRemoved(from.length);
  return out;
}

/** Equal but for white space: a section reflowed by another rendering or printing has not changed. */
export function sameText(a: string, b: string): boolean {
  return a.replace(/\s+/g, " ").trim() === b.replace(/\s+/g, " ").trim();
}
