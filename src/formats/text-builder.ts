import type { ParsedDocument, Section } from "./types";

/** A section being built; `end` stays -1 until known ("up to the next heading of the same or a higher level"). */
export interface SectionRef {
  heading: string;
  level: number;
  start: number;
  end: number;
  speaker?: true;
}

const MAX_HEADING_CHARS = 200;

/** Line breaks, spaces and invisible characters of every kind become LF, space, or nothing. */
function clean(raw: string): string {
  // Nearly all text has none of these: one test instead of four replacements.
  if (!UNCLEAN.test(raw)) return raw;
  return (
    raw
      .replace(/\r\n?|\u2028|\u0085/g, "\n")
      .replace(/[\f\u2029]/g, "\n\n")
      .replace(/[\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g, " ")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control and zero-width characters are dropped
      .replace(/[\u0000-\u0008\u000e-\u001f\u007f\u00ad\u200b\u2060\ufeff]/g, "")
  );
}

const UNCLEAN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters that clean() replaces or drops
  /[\r\u2028\u0085\f\u2029\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u0000-\u0008\u000e-\u001f\u007f\u00ad\u200b\u2060\ufeff]/;

/** Space, tab or line feed: the only blanks left after clean(). */
const isBlank = (code: number) => code === 32 || code === 9 || code === 10;
const isSpaceOrTab = (code: number) => code === 32 || code === 9;
/** Blanks that collapsing changes: a tab, a line feed, or more than one space. */
const INNER_BLANKS = /[\t\n]| {2}/;
const BLANK_RUNS = /[ \t\n]+/g;

/**
 * Accumulates a document's text already normalised — LF line ends, no trailing spaces, at most one blank line in
 * a row, none at either end — so the offsets it hands out while building are offsets into the final text.
 * Breaks and spaces are held back until more text follows, which is what keeps them from trailing.
 */
export class TextBuilder {
  private readonly parts: string[] = [];
  private size = 0;
  private trailingNewlines = 0;
  private pendingNewlines = 0;
  private pendingSpace = false;
  private pendingIndent = "";
  private capture: string[] | null = null;
  private readonly sections: SectionRef[] = [];

  /** Length of the text so far, not counting breaks and spaces still held back. */
  get length(): number {
    return this.size;
  }

  /**
   * Appends text. By default whitespace collapses to single spaces as in HTML; with `preserve`, line breaks and
   * indentation are kept (plain text, `<pre>`), trailing spaces and extra blank lines still go.
   */
  append(raw: string, preserve = false): void {
    const text = clean(raw);
    if (preserve) this.appendPreserved(text);
    else this.appendCollapsed(text);
  }

  /**
   * Line breaks count; a run of spaces and tabs becomes the indentation of what follows; text goes out up to the
   * last non-blank character of its line, so trailing blanks never do.
   */
  private appendPreserved(text: string): void {
    const n = text.length;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        this.pendingNewlines++;
        this.pendingIndent = "";
        this.pendingSpace = false;
        i++;
      } else if (c === 32 || c === 9) {
        let j = i + 1;
        while (j < n && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
        this.pendingIndent += text.slice(i, j);
        i = j;
      } else {
        let end = text.indexOf("\n", i + 1);
        if (end < 0) end = n;
        while (end > i + 1 && isSpaceOrTab(text.charCodeAt(end - 1))) end--;
        this.emit(text.slice(i, end));
        i = end;
      }
    }
  }

  /**
   * Blanks before and after become pending spaces and runs of blanks inside become single spaces, so the text goes
   * out in one piece: the same result as word by word, since words after the first never start a line.
   */
  private appendCollapsed(text: string): void {
    const n = text.length;
    let start = 0;
    while (start < n && isBlank(text.charCodeAt(start))) start++;
    if (start > 0) this.pendingSpace = true;
    if (start === n) return;
    let end = n;
    while (isBlank(text.charCodeAt(end - 1))) end--;
    const core = start === 0 && end === n ? text : text.slice(start, end);
    this.emit(INNER_BLANKS.test(core) ? core.replace(BLANK_RUNS, " ") : core);
    if (end < n) this.pendingSpace = true;
  }

  /** A space before the next text unless it starts a line (inline boundaries such as table cells). */
  space(): void {
    this.pendingSpace = true;
  }

  /** Requests a line break (1) or a blank line (2) before the next text. */
  requestBreak(newlines: 1 | 2): void {
    this.pendingNewlines = Math.max(this.pendingNewlines, newlines);
    this.pendingIndent = "";
  }

  /**
   * Starts a section at a block boundary: the break before it is written at once, so its start is exact. Text
   * appended until `endHeading` is its heading.
   */
  openSection(level: number, breakBefore: 1 | 2 = 2): SectionRef {
    this.writeNewlines(breakBefore);
    this.pendingSpace = false;
    this.pendingIndent = "";
    const section: SectionRef = { heading: "", level, start: this.size, end: -1 };
    this.sections.push(section);
    this.capture = [];
    return section;
  }

  /** Starts a section whose heading is not part of the text, such as a PDF page's "Page 3". */
  openNamedSection(heading: string, level: number): SectionRef {
    const section = this.openSection(level);
    this.capture = null;
    section.heading = heading;
    return section;
  }

  endHeading(section: SectionRef): void {
    const heading = (this.capture ?? []).join("").replace(/\s+/g, " ").trim();
    section.heading = heading.length > MAX_HEADING_CHARS ? `${heading.slice(0, MAX_HEADING_CHARS - 1)}…` : heading;
    this.capture = null;
  }

  /** Ends a section here; sections never closed end before the next heading of the same or a higher level. */
  closeSection(section: SectionRef): void {
    section.end = this.size;
  }

  finish(title?: string): ParsedDocument {
    let text = this.parts.join("");
    let end = text.length;
    while (end > 0 && text.charCodeAt(end - 1) === 10) end--;
    text = text.slice(0, end);
    // An open-ended section ends where the next heading of the same or a higher level starts.
    const ends = this.sections.map((section) => section.end);
    const open: number[] = [];
    this.sections.forEach((section, i) => {
      if (section.heading === "") return;
      for (let top = open.at(-1); top !== undefined; top = open.at(-1)) {
        const previous = this.sections[top];
        if (!previous || previous.level < section.level) break;
        ends[top] = section.start;
        open.pop();
      }
      if (section.end < 0) open.push(i);
    });
    const sections: Section[] = [];
    this.sections.forEach((section, i) => {
      if (section.heading === "") return;
      const start = Math.min(section.start, text.length);
      const end = ends[i] ?? -1;
      let sectionEnd = Math.min(Math.max(end < 0 ? text.length : end, start), text.length);
      while (sectionEnd > start && /\s/.test(text.charAt(sectionEnd - 1))) sectionEnd--;
      const built: Section = { heading: section.heading, level: section.level, start, end: sectionEnd };
      if (section.speaker) built.speaker = true;
      sections.push(built);
    });
    const cleanTitle = title === undefined ? undefined : clean(title).replace(/\s+/g, " ").trim();
    return cleanTitle ? { text, title: cleanTitle, sections } : { text, sections };
  }

  private write(chunk: string): void {
    this.parts.push(chunk);
    this.size += chunk.length;
  }

  /** Writes the pending line breaks, at least `newlines` of them, at most one blank line; none at the start. */
  private writeNewlines(newlines: 0 | 1 | 2): void {
    const wanted = Math.min(2, Math.max(this.pendingNewlines, newlines));
    if (this.size > 0 && wanted > this.trailingNewlines) {
      this.write("\n".repeat(wanted - this.trailingNewlines));
      this.trailingNewlines = wanted;
    }
    this.pendingNewlines = 0;
  }

  private emit(content: string): void {
    this.writeNewlines(0);
    const atLineStart = this.size === 0 || this.trailingNewlines > 0;
    let separator = "";
    if (this.pendingIndent !== "") separator = this.pendingIndent;
    else if (this.pendingSpace && !atLineStart) separator = " ";
    this.pendingSpace = false;
    this.pendingIndent = "";
    this.write(separator + content);
    this.trailingNewlines = 0;
    // A heading that spans lines reads as one line.
    if (this.capture) this.capture.push(atLineStart ? ` ${content}` : separator + content);
  }
}
