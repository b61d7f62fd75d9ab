/**
 * Turns the positioned text items of one PDF page into lines and paragraphs. PDF has no paragraphs, only glyphs at
 * coordinates: a paragraph starts where the gap between lines is clearly wider than the page's usual line spacing,
 * or where a line is indented past the one before it.
 */

export interface PdfTextItem {
  str: string;
  /** PDF user space, origin bottom-left. */
  x: number;
  y: number;
  width: number;
  fontSize: number;
  /** pdf.js's mark that a line ends after this item. */
  hasEOL: boolean;
}

interface Line {
  items: PdfTextItem[];
  y: number;
  size: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function groupLines(items: readonly PdfTextItem[]): Line[] {
  const lines: Line[] = [];
  let current: Line | null = null;
  let lineEnded = false;
  for (const item of items) {
    const size = Math.abs(item.fontSize) || 1;
    if (item.str !== "") {
      const sameLine = current && !lineEnded && Math.abs(item.y - current.y) <= 0.5 * Math.max(size, current.size);
      if (current && sameLine) {
        current.items.push(item);
        current.size = Math.max(current.size, size);
      } else {
        current = { items: [item], y: item.y, size };
        lines.push(current);
      }
      lineEnded = false;
    }
    if (item.hasEOL) lineEnded = true;
  }
  for (const line of lines) line.items.sort((a, b) => a.x - b.x);
  return lines;
}

/**
 * Court and congressional PDFs number their lines in the left margin (1, 2, … 25 on every page). Small numbers that
 * stand in front of a line's text and share their right edge (numbers are right-aligned) three times or more in the
 * document are taken for such numbering and dropped.
 */
function dropMarginNumbers(pages: Line[][]): void {
  const columns = new Map<number, Line[]>();
  for (const line of pages.flat()) {
    const [first, second] = line.items;
    if (!first || !second || !/^\s*\d{1,2}\s*$/.test(first.str)) continue;
    if (second.x - (first.x + first.width) < 0.3 * line.size) continue;
    const key = Math.round((first.x + first.width) / 2);
    columns.set(key, [...(columns.get(key) ?? []), line]);
  }
  for (const column of columns.values()) {
    if (column.length < 3) continue;
    for (const line of column) line.items.shift();
  }
}

function lineText(line: Line): string {
  let text = "";
  let previous: PdfTextItem | null = null;
  for (const item of line.items) {
    if (previous && text !== "" && !/\s$/.test(text) && !/^\s/.test(item.str)) {
      const gap = item.x - (previous.x + previous.width);
      if (gap > 0.15 * Math.max(Math.abs(item.fontSize), 1)) text += " ";
    }
    text += item.str;
    previous = item;
  }
  return text.replace(/\s+/g, " ").trim();
}

/** Each page as text: lines separated by "\n", paragraphs by "\n\n", words broken across lines joined again. */
export function layoutPages(pages: readonly (readonly PdfTextItem[])[]): string[] {
  const lines = pages.map(groupLines);
  dropMarginNumbers(lines);
  return lines.map(layoutLines);
}

const left = (line: Line | undefined): number => line?.items[0]?.x ?? 0;

function layoutLines(lines: Line[]): string {
  const texts = lines.map(lineText);
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const gap = (lines[i - 1]?.y ?? 0) - (lines[i]?.y ?? 0);
    if (gap > 0) gaps.push(gap);
  }
  const usual = median(gaps);
  let out = "";
  for (let i = 0; i < lines.length; i++) {
    const text = texts[i] ?? "";
    const line = lines[i];
    const before = lines[i - 1];
    if (text === "" || !line) continue;
    if (out === "" || !before) {
      out += text;
      continue;
    }
    const gap = before.y - line.y;
    // A first-line indent follows the end of a sentence, or stands out from the lines on both sides; a hanging
    // indent only from the line before, in the middle of a sentence.
    const after = lines[i + 1];
    const previous = texts[i - 1] ?? "";
    const indented =
      left(line) - left(before) > line.size &&
      (/[.:;!?]["'’”)]*$/.test(previous) ||
        (!/[a-z,-]$/.test(previous) && (!after || left(line) - left(after) > 0.5 * line.size)));
    const paragraph = gap <= 0 || (usual > 0 && gap > 1.5 * usual) || indented;
    if (paragraph) out += `\n\n${text}`;
    // "regu-" at a line's end and "lation" at the next line's start are one word.
    else if (/[a-z]-$/.test(out) && /^[a-z]/.test(text)) out = out.slice(0, -1) + text;
    else out += `\n${text}`;
  }
  return out;
}
