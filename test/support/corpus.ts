import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * The shared corpus beside the repository (`../shared/corpus`). Tests that read it skip, saying so, when it is not
 * there (a clone on a laptop); the fixture-based tests never do.
 */
export const CORPUS = resolve(import.meta.dirname, "..", "..", "..", "shared", "corpus");
export const HAS_CORPUS = existsSync(join(CORPUS, "manifest.tsv"));

/** Says once, on stderr, which corpus check is skipped and why. */
export function warnIfNoCorpus(what: string): void {
  if (!HAS_CORPUS) console.warn(`${what} skipped: no corpus at ${CORPUS}`);
}

/** The rows of one of the corpus's TSV files (`manifest.tsv`, `gold/entities.tsv`), header left out. */
export function corpusTable(file: string): string[][] {
  return readFileSync(join(CORPUS, file), "utf8")
    .split("\n")
    .slice(1)
    .filter((line) => line !== "")
    .map((line) => line.split("\t"));
}

export function corpusBytes(file: string): Uint8Array {
  return new Uint8Array(readFileSync(join(CORPUS, file)));
}

export function corpusText(file: string): string {
  return readFileSync(join(CORPUS, file), "utf8");
}
