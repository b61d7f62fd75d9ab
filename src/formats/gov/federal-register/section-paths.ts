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

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/** "February 12, 2024" (with or without a weekday before it) as `2024-02-12`, or undefined. */
export function isoDateFromWords(text: string): string | undefined {
  const match = /([A-Za-z]+)\.? (\d{1,2}), (\d{4})/.exec(text);
  if (!match) return undefined;
  const month = MONTHS.indexOf((match[1] as string).toLowerCase()) + 1;
  const day = Number(match[2]);
  if (month < 1 || day < 1 || day > 31) return undefined;
  return `${match[3]}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
