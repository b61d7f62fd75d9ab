/**
 * Committee codes as documents write them, and Congress.gov's system code they stand for. Three spellings are in use:
 * the system code (`hsif00`, `ssfi00`, `hlig00`: chamber and kind, two letters for the committee, two digits for a
 * subcommittee or `00`), GPO's bill XML for House committees (`HIF00`: the committee's two letters as the Clerk codes
 * them, without the kind), and GovTrack's four letters for a whole committee (`HSIF`, `HLIG`).
 */

/**
 * House committees whose system code is not `hs` and the Clerk's letters (from congress-legislators'
 * committees-current.yaml: `house_committee_id` against `thomas_id`): the permanent select and joint committees.
 */
const HOUSE_CODES_NOT_STANDING: Readonly<Record<string, string>> = {
  ig: "hlig",
  ec: "jsec",
  jl: "jslc",
  jp: "jspr",
  it: "jstx",
};

/** The system code a committee code stands for (lower case), or null for a code of none of the three forms. */
export function committeeSystemCode(code: string): string | null {
  const c = code.trim().toLowerCase();
  const system = c.match(/^([hsj][a-z]{3})(\d{2})?$/);
  if (system) return `${system[1]}${system[2] ?? "00"}`;
  const house = c.match(/^h([a-z]{2})(\d{2})$/);
  if (house) return `${HOUSE_CODES_NOT_STANDING[house[1] as string] ?? `hs${house[1]}`}${house[2]}`;
  return null;
}

/** Every spelling of a committee code that documents may hold, lower case, the system code first. */
export function committeeCodeForms(code: string): string[] {
  const system = committeeSystemCode(code);
  if (!system) return [code.trim().toLowerCase()];
  const letters = system.slice(0, 4);
  const subcommittee = system.slice(4);
  const forms = [system];
  if (subcommittee === "00") forms.push(letters);
  const clerk =
    Object.entries(HOUSE_CODES_NOT_STANDING).find(([, system]) => system === letters)?.[0] ??
    (letters.startsWith("hs") ? letters.slice(2) : null);
  if (clerk) forms.push(`h${clerk}${subcommittee}`);
  return forms;
}
