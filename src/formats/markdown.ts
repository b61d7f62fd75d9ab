import { stripInline } from "./markdown-inline";
import { TextBuilder } from "./text-builder";
import type { ParsedDocument } from "./types";

const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const LIST_ITEM = /^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
const LINK_DEFINITION = /^ {0,3}\[[^\]]+\]:[ \t]*\S+/;
const TABLE_DELIMITER = /^[ \t]*\|?[ \t]*:?-{1,}:?[ \t]*(?:\|[ \t]*:?-{1,}:?[ \t]*)+\|?[ \t]*$/;
const INDENTED_CODE = /^(?: {4}|\t)/;

/** YAML front matter at the very start: its `title`, and how many lines it takes. */
function frontMatter(lines: readonly string[]): { title?: string; length: number } {
  if (lines[0]?.trim() !== "---") return { length: 0 };
  const close = lines.findIndex((line, i) => i > 0 && (line.trim() === "---" || line.trim() === "..."));
  if (close < 0 || close > 200) return { length: 0 };
  const titleLine = lines.slice(1, close).find((line) => /^title\s*:/i.test(line));
  const title = titleLine
    ?.replace(/^title\s*:\s*/i, "")
    .replace(/^(["'])(.*)\1$/, "$2")
    .trim();
  return { title: title || undefined, length: close + 1 };
}

function tableRow(line: string): string {
  const trimmed = line.trim();
  if (!trimmed.includes("|")) return line;
  return trimmed
    .replace(/^\|/, "")
    .replace(/(?<!\\)\|$/, "")
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim())
    .join(" | ");
}

/**
 * Markdown to readable text: headings (ATX and setext) become sections, inline marks, link targets, HTML tags and
 * comments go, code keeps its lines and indentation, list markers stay. The title is the front matter's `title`,
 * else the first level-1 heading. Never throws: any text is some Markdown.
 */
export function parseMarkdown(source: string): ParsedDocument {
  const lines = source
    .replace(/\r\n?/g, "\n")
    // A comment on lines of its own goes with its lines, so it leaves no blank line behind.
    .replace(/^[ \t]*<!--[\s\S]*?-->[ \t]*(?:\n|$)/gm, "")
    .replace(/<!--[\s\S]*?-->/g, "")
    .split("\n");
  const builder = new TextBuilder();
  const front = frontMatter(lines);
  let title = front.title;
  let fence: string | null = null;
  let previousBlank = true;
  let inList = false;
  let inCode = false;

  const heading = (level: number, raw: string) => {
    const section = builder.openSection(level);
    builder.append(stripInline(raw));
    builder.endHeading(section);
    builder.requestBreak(2);
    if (level === 1 && title === undefined && section.heading !== "") title = section.heading;
  };

  for (let i = front.length; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (fence !== null) {
      if (line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, "") === "") {
        fence = null;
        builder.requestBreak(2);
      } else {
        builder.append(`${line}\n`, true);
      }
      continue;
    }
    const blank = line.trim() === "";
    if (blank) {
      builder.requestBreak(2);
      previousBlank = true;
      continue;
    }
    const fenceOpen = FENCE.exec(line);
    const atx = ATX_HEADING.exec(line);
    const next = lines[i + 1] ?? "";
    if (inCode && !INDENTED_CODE.test(line)) inCode = false;
    if (fenceOpen) {
      fence = fenceOpen[1]?.slice(0, 3) ?? "```";
      builder.requestBreak(2);
    } else if (inCode || (previousBlank && !inList && INDENTED_CODE.test(line))) {
      inCode = true;
      builder.append(`${line.replace(INDENTED_CODE, "")}\n`, true);
    } else if (atx) {
      heading(atx[1]?.length ?? 1, atx[2] ?? "");
    } else if (SETEXT_UNDERLINE.test(next) && !LIST_ITEM.test(line) && !line.includes("|")) {
      heading(next.trim().startsWith("=") ? 1 : 2, line.trim());
      i++;
    } else if (THEMATIC_BREAK.test(line)) {
      builder.requestBreak(2);
    } else if (LINK_DEFINITION.test(line) || TABLE_DELIMITER.test(line)) {
      // Link targets and table rules are layout, not text.
    } else {
      if (LIST_ITEM.test(line)) inList = true;
      else if (previousBlank && !/^[ \t]/.test(line)) inList = false;
      const content = line.replace(/^ {0,3}(?:>[ \t]?)+/, "");
      builder.requestBreak(1);
      builder.append(stripInline(tableRow(content)));
    }
    previousBlank = false;
  }
  return builder.finish(title);
}
