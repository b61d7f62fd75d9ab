import { Fragment, useEffect, useMemo } from "react";
import type { ParsedQuery } from "../../../src/core/search/query-parser";
import type { Section } from "../api/types";
import { markQuery } from "../lib/mark-query";
import { Highlighted } from "./Highlighted";

export interface DocumentTextProps {
  text: string;
  sections: Section[];
  /** The search whose matches are marked wherever they occur. */
  query: ParsedQuery | null;
  /** The passage a search result pointed at: marked apart and scrolled to. */
  passage: { start: number; end: number } | null;
  /** Where printed pages begin (a Federal Register or Record page's `89 FR 9750`), each marked there. */
  pages?: { label: string; start: number }[];
}

interface Block {
  start: number;
  end: number;
}

/** The text cut at every section start, so the outline can link to each section. */
export function blocksOf(text: string, sections: Section[]): Block[] {
  const starts = [...new Set([0, ...sections.map((s) => s.start).filter((s) => s > 0 && s < text.length)])].sort(
    (a, b) => a - b,
  );
  return starts.map((start, i) => ({ start, end: starts[i + 1] ?? text.length }));
}

export const sectionAnchor = (start: number) => `sec-${start}`;
export const HIT_ID = "hit";

function Piece(props: { text: string; start: number; ranges: [number, number][] }) {
  const end = props.start + props.text.length;
  const local = props.ranges
    .filter(([s, e]) => e > props.start && s < end)
    .map(([s, e]) => [s - props.start, e - props.start] as [number, number]);
  return <Highlighted text={props.text} ranges={local} base={props.start} />;
}

/**
 * The readable text: sections as anchored blocks, the query's words marked, the result's passage scrolled to, and
 * where each printed page begins.
 */
export function DocumentText({ text, sections, query, passage, pages = [] }: DocumentTextProps) {
  const blocks = useMemo(() => blocksOf(text, sections), [text, sections]);
  const ranges = useMemo(() => (query ? markQuery(text, query) : []), [text, query]);
  const hit = passage && passage.end > passage.start && passage.start < text.length ? passage : null;
  const pageAt = new Map(pages.map((p) => [p.start, p.label]));

  useEffect(() => {
    if (!hit) return;
    const element = document.getElementById(HIT_ID);
    element?.scrollIntoView?.({ block: "center" });
    element?.focus({ preventScroll: true });
  }, [hit]);

  return (
    <div className="document-text">
      {blocks.map((block) => {
        // Cut where the passage and each page begin or end within the block.
        const cuts = [block.start, ...(hit ? [hit.start, hit.end] : []), ...pageAt.keys()]
          .filter((at) => at >= block.start && at < block.end)
          .sort((a, b) => a - b)
          .filter((at, i, all) => at !== all[i - 1]);
        return (
          <div key={block.start} id={sectionAnchor(block.start)} className="text-block">
            {cuts.map((start, i) => {
              const end = cuts[i + 1] ?? block.end;
              const page = pageAt.get(start);
              const piece = <Piece text={text.slice(start, end)} start={start} ranges={ranges} />;
              const first = start === hit?.start;
              return (
                <Fragment key={start}>
                  {page ? <span className="page-mark">{page}</span> : null}
                  {hit && start >= hit.start && end <= hit.end ? (
                    <span className="passage" id={first ? HIT_ID : undefined} tabIndex={first ? -1 : undefined}>
                      {piece}
                    </span>
                  ) : (
                    piece
                  )}
                </Fragment>
              );
            })}
          </div>
        );
      })}
    </div>
  );
}
