/** The formats this package can turn into text. Format-specific parsers (USLM, bill status, …) refine these later. */
export const DOCUMENT_FORMATS = ["text", "markdown", "html", "xml", "pdf"] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/**
 * A heading and the span of text it governs. Offsets are UTF-16 code units into `ParsedDocument.text`, end
 * exclusive. Sections nest: a section contains every later section of a deeper level up to its own end, so the
 * sections containing an offset, in order, form its heading path.
 */
export interface Section {
  heading: string;
  /** 1 for the outermost headings; deeper headings have larger levels (HTML h1–h6 keep their number). */
  level: number;
  start: number;
  end: number;
  /**
   * The heading names who speaks (a Congressional Record speech: `Mr. PRICE of Georgia`), not what the text is about:
   * passages show it, but it is searched as their text, not weighted as a heading.
   */
  speaker?: true;
}

/**
 * A document as text. `text` is normalised: LF line ends, no trailing spaces, at most one blank line in a row, no
 * blank lines at either end.
 */
export interface ParsedDocument {
  text: string;
  title?: string;
  sections: Section[];
}

/** A piece of a document sized for one embedding. Always `text === doc.text.slice(start, end)`. */
export interface Chunk {
  /** 0-based position among the document's chunks. */
  ord: number;
  start: number;
  end: number;
  /** Headings of the sections the chunk lies in, outermost first, joined with " > "; "" outside any section. */
  heading: string;
  /** Who speaks in the chunk (the innermost `speaker` section), when a section says it; not part of `heading`. */
  speaker?: string;
  text: string;
}
