import type { Section } from "../../types";
import type { StructuredSection } from "../types";

/**
 * Adds to each section its heading path (`PART 39 > § 39.13`): the headings of the sections that contain it,
 * outermost first. Sections come in document order, as `TextBuilder.finish` returns them.
 */
export function withPaths(sections: readonly Section[]): StructuredSection[] {
  const open: StructuredSection[] = [];
  return sections.map((section) => {
    for (let top = open.at(-1); top; top = open.at(-1)) {
      if (top.level < section.level && section.start < top.end) break;
      open.pop();
    }
    const parent = open.at(-1);
    const structured: StructuredSection = {
      ...section,
      path: parent ? `${parent.path} > ${section.heading}` : section.heading,
    };
    open.push(structured);
    return structured;
  });
}
