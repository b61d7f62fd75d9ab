import { mkdtempSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { Index, MetricKind, ScalarKind } from "usearch";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  addToGraph,
  createHnswGraph,
  loadGraph,
  pruneGraphFiles,
  saveGraph,
  searchGraph,
  searchWidth,
} from "./usearch-hnsw";
import { DEFAULT_HNSW_PARAMS } from "./vector-index";

const GEN = "0b0e7a52-6f7e-4d8c-9a51-3f3c1d1e2a10";
const OTHER = "9c7d2f30-1a2b-4c3d-8e9f-0a1b2c3d4e5f";

describe("saved HNSW graphs", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "usearch-hnsw-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const graphWith = (generation: string, rowids: number[]) => {
    const graph = createHnswGraph({ dimensions: 3, params: DEFAULT_HNSW_PARAMS, generation });
    addToGraph(graph, rowids, Float32Array.from(rowids.flatMap((r) => [1, r, 0])));
    return graph;
  };
  const load = (generation: string, lastRowid: number, dimensions = 3) =>
    loadGraph({ dir, name: "vectors", generation, lastRowid, dimensions, params: DEFAULT_HNSW_PARAMS });

  it("names a file by generation and watermark, and loads the newest one the database can have", () => {
    saveGraph(graphWith(GEN, [1, 2, 3]), { dir, name: "vectors" });
    saveGraph(graphWith(GEN, [1, 2, 3, 4, 5]), { dir, name: "vectors" });
    expect(readdirSync(dir)).toEqual([
      expect.stringMatching(new RegExp(`^vectors\\.${GEN}\\.5\\.\\d+\\.bf16\\.usearch$`)),
    ]);
    const loaded = load(GEN, 9);
    expect(loaded?.watermark).toBe(5);
    expect(loaded?.index.size()).toBe(5);
    expect(loaded?.unsaved).toBe(0);
    expect(searchGraph(loaded ?? graphWith(GEN, []), Float32Array.from([1, 4, 0]), 1)[0]?.rowid).toBe(4);
  });

  it("ignores files of another generation, beyond the database's last rowid, or of other dimensions", () => {
    saveGraph(graphWith(GEN, [1, 2, 3, 4, 5]), { dir, name: "vectors" });
    expect(load(OTHER, 9)).toBeNull();
    expect(load(GEN, 4)).toBeNull();
    expect(load(GEN, 9, 4)).toBeNull();
    // usearch can crash the process on a damaged file, so one whose length differs from its name is never read.
    writeFileSync(join(dir, `vectors.${GEN}.7.900.usearch`), "truncated");
    expect(load(GEN, 9)?.watermark).toBe(5);
  });

  it("does not load a graph built with other edges per node, so it is rebuilt with the current ones", () => {
    const sparse = createHnswGraph({
      dimensions: 3,
      params: { ...DEFAULT_HNSW_PARAMS, connectivity: DEFAULT_HNSW_PARAMS.connectivity / 2 },
      generation: GEN,
    });
    addToGraph(sparse, [1, 2], Float32Array.from([1, 1, 0, 1, 2, 0]));
    saveGraph(sparse, { dir, name: "vectors" });
    expect(load(GEN, 9)).toBeNull();
    const rebuilt = saveGraph(graphWith(GEN, [1, 2]), { dir, name: "vectors" });
    expect(load(GEN, 9)?.index.connectivity()).toBe(DEFAULT_HNSW_PARAMS.connectivity);
    // The file it replaces, over the same rows, is gone: it would be read and thrown away at every start.
    expect(readdirSync(dir)).toEqual([basename(rebuilt)]);
  });

  it("does not load a float32 graph saved before kinds were named, and replaces it", () => {
    const legacy = new Index({
      dimensions: 3,
      metric: MetricKind.Cos,
      connectivity: DEFAULT_HNSW_PARAMS.connectivity,
      expansion_add: DEFAULT_HNSW_PARAMS.expansionAdd,
      expansion_search: DEFAULT_HNSW_PARAMS.expansionSearch,
      quantization: ScalarKind.F32,
      multi: false,
    });
    legacy.add(BigUint64Array.from([1n, 2n]), Float32Array.from([1, 1, 0, 1, 2, 0]), 0);
    const temp = join(dir, "legacy.tmp");
    legacy.save(temp);
    renameSync(temp, join(dir, `vectors.${GEN}.2.${statSync(temp).size}.usearch`));
    expect(load(GEN, 9)).toBeNull();
    const rebuilt = saveGraph(graphWith(GEN, [1, 2]), { dir, name: "vectors" });
    expect(load(GEN, 9)?.watermark).toBe(2);
    expect(readdirSync(dir)).toEqual([basename(rebuilt)]);
  });

  it("prunes other generations, older watermarks and abandoned temporary files, not other indexes", () => {
    saveGraph(graphWith(GEN, [1, 2]), { dir, name: "vectors" });
    saveGraph(graphWith(GEN, [1, 2]), { dir, name: "other" });
    writeFileSync(join(dir, `vectors.${OTHER}.9.0.usearch`), "");
    writeFileSync(join(dir, `vectors.${GEN}.1.0.usearch`), "");
    writeFileSync(join(dir, `vectors.${GEN}.8.1.2.tmp`), "");
    writeFileSync(join(dir, `vectors.${GEN}.9.1.3.tmp`), "");
    utimesSync(join(dir, `vectors.${GEN}.8.1.2.tmp`), new Date(0), new Date(0));
    pruneGraphFiles({ dir, name: "vectors", generation: GEN, keepFrom: 2 });
    const left = readdirSync(dir).map((f) => f.replace(/\.\d+\.bf16\.usearch$/, ".usearch"));
    expect(left.sort()).toEqual([`other.${GEN}.2.usearch`, `vectors.${GEN}.2.usearch`, `vectors.${GEN}.9.1.3.tmp`]);
  });
});

describe("search width", () => {
  it("keeps the configured width up to 100,000 vectors and widens it 1.5 times per tenfold size beyond", () => {
    expect(searchWidth(256, 5_000)).toBe(256);
    expect(searchWidth(256, 100_000)).toBe(256);
    expect(searchWidth(256, 1_000_000)).toBe(512);
    expect(searchWidth(256, 10_000_000)).toBe(1024);
  });

  it("returns the k nearest however wide it searched", () => {
    const graph = createHnswGraph({
      dimensions: 2,
      params: { ...DEFAULT_HNSW_PARAMS, expansionSearch: 64 },
      generation: GEN,
    });
    const rowids = Array.from({ length: 300 }, (_, i) => i + 1);
    addToGraph(graph, rowids, Float32Array.from(rowids.flatMap((r) => [Math.cos(r / 100), Math.sin(r / 100)])));
    const found = searchGraph(graph, Float32Array.from([Math.cos(1.5), Math.sin(1.5)]), 3);
    expect(found.map((f) => f.rowid).sort((a, b) => a - b)).toEqual([149, 150, 151]);
    expect(found[0]?.distance).toBeLessThan(1e-3);
  });
});
