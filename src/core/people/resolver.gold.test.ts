import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CORPUS, HAS_CORPUS } from "../../../test/support/corpus";
import { loadLegislatorsFile } from "../../adapters/node/legislators-file";
import { createPeopleResolver, type PersonQuery } from "./index";

/**
 * How well names alone resolve, measured on the corpus's gold people: each row's id is hidden and the name is
 * resolved with only the context its document gives (Congress or date, chamber). Rows whose person is not in the
 * committed legislators file (members who left before it was cut) are counted apart.
 */
const GOLD = path.join(CORPUS, "gold/entities.tsv");

interface Row {
  path: string;
  format: string;
  id: string;
  scheme: string;
  name: string;
}

function tsvField(raw: string): string {
  return raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw;
}

function readTsv(file: string): string[][] {
  return readFileSync(file, "utf8")
    .split("\n")
    .slice(1)
    .filter((l) => l !== "")
    .map((l) => l.split("\t").map(tsvField));
}

/** The context a document gives about its people: from its manifest bill id and its place in the corpus. */
function contextOf(docPath: string, billIds: Map<string, string>): Omit<PersonQuery, "name"> {
  const ctx: Omit<PersonQuery, "name"> = {};
  const date = /CREC-(\d{4}-\d{2}-\d{2})/.exec(docPath);
  if (date) ctx.date = date[1];
  const page = /-Pg([SHE])\d/.exec(docPath);
  if (page) ctx.chamber = page[1] === "S" ? "senate" : "house";
  const vote = /\/(\d{3})\/votes\/\d{4}\/([hs])\d+\//.exec(docPath);
  if (vote) {
    ctx.congress = Number(vote[1]);
    ctx.chamber = vote[2] === "s" ? "senate" : "house";
  }
  const bill = /^(\d{1,3})-([a-z]+)-\d+/.exec(billIds.get(docPath) ?? "");
  if (bill && !vote) {
    ctx.congress = Number(bill[1]);
    ctx.chamber = (bill[2] as string).startsWith("s") ? "senate" : "house";
  }
  return ctx;
}

interface Tally {
  rows: number;
  resolved: number;
  correct: number;
}

describe.skipIf(!HAS_CORPUS)("people resolution against gold/entities.tsv (needs ../shared/corpus)", () => {
  it("resolves names of current members to the right id, and rarely names a wrong one", async () => {
    const legislators = await loadLegislatorsFile();
    const resolver = createPeopleResolver(legislators);
    const billIds = new Map(readTsv(path.join(CORPUS, "manifest.tsv")).map((r) => [r[0] as string, r[8] ?? ""]));
    const rows: Row[] = readTsv(GOLD).map((r) => ({
      path: r[0] as string,
      format: r[1] as string,
      id: r[2] as string,
      scheme: r[3] as string,
      name: r[4] as string,
    }));
    const current: Tally = { rows: 0, resolved: 0, correct: 0 };
    const historical: Tally = { rows: 0, resolved: 0, correct: 0 };
    const byFormat = new Map<string, Tally>();
    const wrong: string[] = [];
    const nameOnly: Tally = { rows: 0, resolved: 0, correct: 0 };
    for (const row of rows.filter((r) => r.name !== "")) {
      const isCurrent = resolver.get(row.id) !== null;
      const tally = isCurrent ? current : historical;
      const format = byFormat.get(row.format) ?? { rows: 0, resolved: 0, correct: 0 };
      byFormat.set(row.format, format);
      const found = resolver.resolve({ name: row.name, ...contextOf(row.path, billIds) });
      const got = row.scheme === "lis" ? found?.lisId : found?.bioguideId;
      if (isCurrent) {
        const bare = resolver.resolve({ name: row.name });
        nameOnly.rows++;
        if (bare) nameOnly.resolved++;
        if ((row.scheme === "lis" ? bare?.lisId : bare?.bioguideId) === row.id) nameOnly.correct++;
      }
      tally.rows++;
      if (isCurrent) format.rows++;
      if (found) {
        tally.resolved++;
        if (isCurrent) format.resolved++;
      }
      if (found && got !== row.id) wrong.push(`${row.name} (${row.format}): ${row.id} resolved as ${found.bioguideId}`);
      if (got === row.id) {
        tally.correct++;
        if (isCurrent) format.correct++;
      }
    }
    const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
    const lines = [...byFormat].map(
      ([f, t]) =>
        `${f}: ${t.correct}/${t.rows} recall ${ratio(t.correct, t.rows).toFixed(3)}, precision ${ratio(t.correct, t.resolved).toFixed(3)}`,
    );
    console.log(
      [
        `current members: ${current.rows} rows, recall ${ratio(current.correct, current.rows).toFixed(4)}, precision ${ratio(current.correct, current.resolved).toFixed(4)}`,
        `current members, name alone (no document context): recall ${ratio(nameOnly.correct, nameOnly.rows).toFixed(4)}, precision ${ratio(nameOnly.correct, nameOnly.resolved).toFixed(4)}`,
        `historical members (not in legislators-current): ${historical.rows} rows, resolved ${historical.resolved}, correct ${historical.correct}`,
        ...lines,
        ...wrong.map((w) => `wrong: ${w}`),
      ].join("\n"),
    );
    expect(current.rows).toBeGreaterThan(4000);
    expect(ratio(current.correct, current.rows)).toBeGreaterThanOrEqual(RECALL);
    expect(ratio(current.correct, current.resolved)).toBeGreaterThanOrEqual(PRECISION);
    // A member absent from the data can only be resolved wrongly; the date filter keeps that rare.
    expect(historical.resolved - historical.correct).toBeLessThanOrEqual(HISTORICAL_WRONG);
  }, 60_000);
});

const RECALL = 0.999;
const PRECISION = 1;
const HISTORICAL_WRONG = 1;
