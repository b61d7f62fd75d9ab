import { segmentsFromRanges } from "../lib/highlight";

export interface HighlightedProps {
  text: string;
  ranges: readonly (readonly [number, number])[];
  /** Offset of `text` in the whole document, for ids on marks. */
  base?: number;
  /** Gives the first mark this id, so a page can scroll to it. */
  firstMarkId?: string;
  markClassName?: string;
}

/**
 * Text with <mark> elements built from [start, end) ranges. Every piece is a React text node, so text from a
 * document is never parsed as HTML.
 */
export function Highlighted({ text, ranges, base = 0, firstMarkId, markClassName }: HighlightedProps) {
  let first = true;
  return (
    <>
      {segmentsFromRanges(text, ranges, base).map((segment) => {
        if (!segment.marked) return <span key={segment.start}>{segment.text}</span>;
        const id = first ? firstMarkId : undefined;
        first = false;
        return (
          <mark key={segment.start} id={id} className={markClassName}>
            {segment.text}
          </mark>
        );
      })}
    </>
  );
}
