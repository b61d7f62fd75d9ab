import { type DomElement, isElement, textOf, traverse } from "../../dom";
import type { Citation } from "../types";
import { cfrListTargets, matchCfr } from "./cfr";

/**
 * The CFR parts and sections a Federal Register document's markup says it amends or proposes to amend:
 * `<REGTEXT TITLE="14" PART="39">` (the part, and each `<SECTNO>§ 39.13</SECTNO>` in it as a section of that title)
 * and, outside regulatory text, a `<SECTNO>` whose part the document's `<CFR>` line names ("38 CFR Part 3" gives
 * `§ 3.816` its title). A section whose title the markup does not state is left out rather than guessed. Citations
 * carry no offsets: markup is not text. One per target, in document order. Never throws.
 */
export function federalRegisterCfrCitations(document: DomElement): Citation[] {
  // Parts the `<CFR>` lines name, with their titles: the document's own statement of what it amends.
  const titleOfPart = new Map<string, string>();
  traverse<true>([document], true, {
    enter(node) {
      if (!isElement(node)) return null;
      if (node.name !== "CFR") return true;
      for (const match of matchCfr(textOf(node.children))) {
        for (const target of match.targets) {
          const [, title, part] = target.split("/") as [string, string, string];
          if (!titleOfPart.has(part)) titleOfPart.set(part, title);
        }
      }
      return null;
    },
  });

  const out: Citation[] = [];
  const seen = new Set<string>();
  const add = (target: string, text: string) => {
    if (seen.has(target)) return;
    seen.add(target);
    out.push({ kind: "cfr", target, text });
  };
  // The state is the title of the enclosing regulatory text, "" outside one (null would mean "skip the children").
  traverse<string>([document], "", {
    enter(node, title) {
      if (!isElement(node)) return null;
      if (node.name === "REGTEXT") {
        const regTitle = /^\d{1,2}$/.test(node.attribs.TITLE ?? "") ? (node.attribs.TITLE as string) : "";
        const part = node.attribs.PART ?? "";
        if (regTitle && /^\d{1,5}$/.test(part))
          add(`cfr/${Number(regTitle)}/${Number(part)}`, `${regTitle} CFR part ${part}`);
        return regTitle;
      }
      if (node.name !== "SECTNO") return title;
      const text = textOf(node.children);
      const list = text.replace(/^§+\s*/, "");
      const part = /^\d{1,5}/.exec(list)?.[0];
      const sectionTitle = title || (part ? titleOfPart.get(String(Number(part))) : undefined);
      // Only sections: a number standing alone in a section heading is not a part.
      if (sectionTitle)
        for (const target of cfrListTargets(sectionTitle, list)) if (target.includes(".")) add(target, text);
      return null;
    },
  });
  return out;
}
