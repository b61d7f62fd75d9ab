import { useEffect, useMemo } from "react";
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

/** The readable text: sections as anchored blocks, the query's words marked, the result's passage scrolled to. */
export function DocumentText({ text, sections, query, passage }: DocumentTextProps) {
  const blocks = useMemo(() => blocksOf(text, sections), [text, sections]);
  const ranges = useMemo(() => (query ? markQuery(text, query) : []), [text, query]);
  const hit = passage && passage.end > passage.start && passage.start < text.length ? passage : null;

  useEffect(() => {
    if (!hit) return;
    const element = document.getElementById(HIT_ID);
    element?.scrollIntoView?.({ block: "center" });
    element?.focus({ preventScroll: true });
  }, [hit]);

  return (
    <div className="document-text">
      {blocks.map((block) => {
        const body = text.slice(block.start, block.end);
        if (!hit || hit.end <= block.start || hit.start >= block.end) {
          return (
            <div key={block.start} id={sectionAnchor(block.start)} className="text-block">
              <Piece text={body} start={block.start} ranges={ranges} />
            </div>
          );
        }
        const from = Math.max(hit.start, block.start);
        const to = Math.min(hit.end, block.end);
        const first = from === hit.start;
        return (
          <div key={block.start} id={sectionAnchor(block.start)} className="text-block">
            <Piece text={text.slice(block.start, from)} start={block.start} ranges={ranges} />
            <span className="passage" id={first ? HIT_ID : undefined} tabIndex={first ? -1 : undefined}>
              <Piece text={text.slice(from, to)} start={from} ranges={ranges} />
            </span>
            <Piece text={text.slice(to, block.end)} start={to} ranges={ranges} />
          </div>
        );
      })}
    </div>
  );
}
