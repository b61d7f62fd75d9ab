import { beforeAll, describe, expect, it } from "vitest";
import { loadCommitteesFile } from "../../adapters/node/legislators-file";
import { type CommitteeResolver, committeeNameKey, createCommitteeResolver, parseCommitteesText } from "./committees";

let resolver: CommitteeResolver;

beforeAll(async () => {
  resolver = createCommitteeResolver(await loadCommitteesFile());
});

describe("committees data", () => {
  it("reads committees and subcommittees under their system codes", async () => {
    const records = await loadCommitteesFile();
    expect(records).toContainEqual({
      code: "hsif00",
      name: "House Committee on Energy and Commerce",
      chamber: "house",
    });
    // A subcommittee with its committee's name: several are called "Health".
    expect(records).toContainEqual({
      code: "hsif14",
      name: "House Energy and Commerce Subcommittee on Health",
      chamber: "house",
      parent: "hsif00",
    });
    expect(records.find((r) => r.code === "ssju26")?.name).toMatch(/^Senate Judiciary Subcommittee on \w/);
    expect(records.find((r) => r.code === "hsha27")?.name).toMatch(/^House Administration Subcommittee on \w/);
    expect(records.find((r) => r.code === "ssfi00")?.chamber).toBe("senate");
    expect(records.find((r) => r.code === "jsec00")?.chamber).toBeUndefined();
    expect(() => parseCommitteesText("- name: nothing with an id\n")).toThrow(/no committee/);
    expect(() => parseCommitteesText("[")).toThrow(/not valid/);
  });

  it("keys names by what tells them apart", () => {
    expect(committeeNameKey("House Permanent Select Committee on Intelligence")).toBe("intelligence");
    expect(committeeNameKey("House Intelligence (Permanent Select)")).toBe("intelligence");
    expect(committeeNameKey("Senate Committee on the Judiciary")).toBe(committeeNameKey("Senate Judiciary"));
  });

  it("names a committee as the data does, whichever code spelling or name the document uses", () => {
    const energy = { name: "House Committee on Energy and Commerce", code: "hsif00", chamber: "house" };
    expect(resolver.resolve({ name: "Energy and Commerce", code: "hif00", chamber: "house" })).toEqual(energy);
    expect(resolver.resolve({ name: "Committee on Energy and Commerce", code: "hsif00" })).toEqual(energy);
    expect(resolver.resolve({ name: "House Energy and Commerce", code: "HSIF" })).toEqual(energy);
    // THOMAS pages name committees without codes; the chamber comes first in the name.
    expect(resolver.resolve({ name: "House Energy and Commerce", chamber: "house" })).toEqual(energy);
    expect(resolver.resolve({ name: "House Intelligence (Permanent Select)" })).toMatchObject({ code: "hlig00" });
    expect(resolver.resolve({ name: "Senate Judiciary" })).toMatchObject({ code: "ssju00", chamber: "senate" });
    // A subcommittee by its code, not by a name many committees share.
    expect(resolver.resolve({ name: "Subcommittee on Health", code: "hif14" })).toMatchObject({ code: "hsif14" });
    expect(resolver.resolve({ name: "Subcommittee on Health" })).toEqual({ name: "Subcommittee on Health" });
  });

  it("leaves what the data does not know as the document gives it, its code in the system spelling", () => {
    expect(resolver.resolve({ name: "House Committee on Un-American Activities" })).toEqual({
      name: "House Committee on Un-American Activities",
    });
    expect(resolver.resolve({ name: "Committee on Oversight and Reform", code: "HGO00" })).toMatchObject({
      code: "hsgo00",
    });
    expect(resolver.resolve({ name: "Select Committee on the Climate Crisis", code: "hscn00" })).toMatchObject({
      code: "hscn00",
    });
    expect(resolver.resolve({ name: "Rules", code: "ru00" })).toEqual({ name: "Rules", code: "ru00" });
    // "Appropriations" is a committee of both chambers.
    expect(resolver.resolve({ name: "Appropriations" })).toEqual({ name: "Appropriations" });
    expect(resolver.resolve({ name: "Appropriations", chamber: "senate" })).toMatchObject({ code: "ssap00" });
  });
});
