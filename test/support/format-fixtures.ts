import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");
const BILLSIM = "gov/bill-text/billsim/117/bills";

/** Generic-format fixtures kept once, with the bill they belong to, rather than copied into `formats/`. */
const ELSEWHERE: Record<string, string> = {
  "BILLS-117hr2006ih.htm": `${BILLSIM}/hr2006/BILLS-117hr2006ih.htm`,
  "BILLS-117hr2008eh.pdf": `${BILLSIM}/hr2008/BILLS-117hr2008eh.pdf`,
  "BILLS-117hr2008ih-uslm.xml": `${BILLSIM}/hr2008/BILLS-117hr2008ih-uslm.xml`,
  "BILLS-117hr2008ih.xml": `${BILLSIM}/hr2008/BILLS-117hr2008ih.xml`,
  "BILLS-116hr2009ih.pdf": "gov/bill-text/billsim/116/bills/hr2009/BILLS-116hr2009ih.pdf",
};

/** The path under `test/fixtures` of a generic-format fixture named by its file name. */
export function formatFixturePath(name: string): string {
  return ELSEWHERE[name] ?? `formats/${name}`;
}

export function formatFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, formatFixturePath(name))));
}

/** Every generic-format fixture's file name (`SOURCES.md` aside). */
export function formatFixtureNames(): string[] {
  const local = readdirSync(join(FIXTURES, "formats")).filter((name) => name !== "SOURCES.md");
  return [...local, ...Object.keys(ELSEWHERE)].sort();
}
