import { describe, expect, it } from "vitest";
import { can, canDeleteDocument, PERMISSIONS, type Permission, ROLES } from "./roles";

describe("roles", () => {
  it("lets viewers read and search only", () => {
    const granted = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can("viewer", p));
    expect(granted.sort()).toEqual(["documents:read", "search:query"]);
  });

  it("lets editors upload and delete their own documents, not anyone's", () => {
    expect(can("editor", "documents:write")).toBe(true);
    expect(can("editor", "documents:delete-own")).toBe(true);
    expect(can("editor", "documents:delete-any")).toBe(false);
    expect(can("editor", "keys:manage")).toBe(false);
    expect(canDeleteDocument({ role: "editor", actor: "key:1" }, "key:1")).toBe(true);
    expect(canDeleteDocument({ role: "editor", actor: "key:1" }, "key:2")).toBe(false);
    expect(canDeleteDocument({ role: "viewer", actor: "key:1" }, "key:1")).toBe(false);
  });

  it("gives admins every permission", () => {
    for (const permission of Object.keys(PERMISSIONS) as Permission[]) expect(can("admin", permission)).toBe(true);
    expect(canDeleteDocument({ role: "admin", actor: "user:a" }, "cli")).toBe(true);
  });

  it("names only known roles in the table, each permission held by admins", () => {
    for (const roles of Object.values(PERMISSIONS)) {
      for (const role of roles) expect(ROLES).toContain(role);
      expect(roles).toContain("admin");
    }
    expect(can("viewer", "no-such-permission" as Permission)).toBe(false);
  });
});
