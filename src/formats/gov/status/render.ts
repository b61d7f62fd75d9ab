import { TextBuilder } from "../../text-builder";
import type { Section } from "../../types";
import type { StructuredSection } from "../types";

/** A headed block of a record rendered as reading text: status records and votes have no text of their own. */
export interface RenderBlock {
  heading: string;
  /** 1 for top-level blocks; nested blocks get larger levels. */
  level: number;
  /** Paragraphs, each separated by a blank line; line breaks inside a paragraph are kept. */
  paragraphs?: string[];
  /** Short lines (one action, one member), each on a line of its own. */
  lines?: string[];
}

export interface RenderedText {
  text: string;
  sections: StructuredSection[];
}

/** Heading paths (`Summaries > Introduced in House`) from sections that nest by level, in document order. */
export function withPaths(sections: readonly Section[]): StructuredSection[] {
  const stack: Section[] = [];
  return sections.map((section) => {
    while (stack.length > 0 && (stack.at(-1) as Section).level >= section.level) stack.pop();
    stack.push(section);
    return { ...section, path: stack.map((s) => s.heading).join(" > ") };
  });
}

/**
 * Renders a title line and headed blocks into normalised text whose sections point at each block. Blocks without
 * content are left out, so a record's missing parts leave no empty headings.
 */
export function renderBlocks(title: string | undefined, blocks: readonly RenderBlock[]): RenderedText {
  const builder = new TextBuilder();
  if (title) {
    builder.append(title);
    builder.requestBreak(2);
  }
  for (const block of blocks) {
    const paragraphs = block.paragraphs?.filter((p) => /\S/.test(p)) ?? [];
    const lines = block.lines?.filter((l) => /\S/.test(l)) ?? [];
    if (paragraphs.length === 0 && lines.length === 0 && block.level === 1 && !hasChildren(blocks, block)) continue;
    const section = builder.openSection(block.level);
    builder.append(block.heading);
    builder.endHeading(section);
    builder.requestBreak(1);
    for (const paragraph of paragraphs) {
      builder.append(paragraph, true);
      builder.requestBreak(2);
    }
    for (const line of lines) {
      builder.append(line);
      builder.requestBreak(1);
    }
  }
  const doc = builder.finish();
  return { text: doc.text, sections: withPaths(doc.sections) };
}

function hasChildren(blocks: readonly RenderBlock[], parent: RenderBlock): boolean {
  const index = blocks.indexOf(parent);
  const next = blocks[index + 1];
  return next !== undefined && next.level > parent.level;
}
