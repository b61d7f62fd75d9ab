import { describe, expect, it } from "vitest";
import { safeReturnTo } from "./oidc";
import { displayName, parseRoleMapping, roleFromClaims } from "./oidc-roles";

describe("OpenID Connect role mapping", () => {
  const mapping = parseRoleMapping({
    claim: "groups",
    map: "staff=editor, ops=admin,readers=viewer",
    defaultRole: "none",
  });

  it("gives the highest role any group maps to", () => {
    expect(roleFromClaims({ groups: ["staff", "ops"] }, mapping)).toBe("admin");
    expect(roleFromClaims({ groups: ["ops", "staff"] }, mapping)).toBe("admin");
    expect(roleFromClaims({ groups: ["readers", "staff", "other"] }, mapping)).toBe("editor");
    expect(roleFromClaims({ groups: "readers staff" }, mapping)).toBe("editor");
    expect(roleFromClaims({ groups: "ops" }, mapping)).toBe("admin");
  });

  it("falls back to the default role, or to none", () => {
    expect(roleFromClaims({ groups: ["other"] }, mapping)).toBeNull();
    expect(roleFromClaims({}, mapping)).toBeNull();
    expect(roleFromClaims({ groups: [42, null] }, mapping)).toBeNull();
    const viewers = parseRoleMapping({ claim: "groups", map: "", defaultRole: "viewer" });
    expect(roleFromClaims({ groups: ["other"] }, viewers)).toBe("viewer");
  });

  it("reads a nested claim by a dotted path", () => {
    const keycloak = parseRoleMapping({ claim: "realm_access.roles", map: "ops=admin", defaultRole: "none" });
    expect(roleFromClaims({ realm_access: { roles: ["ops"] } }, keycloak)).toBe("admin");
    expect(roleFromClaims({ realm_access: "ops" }, keycloak)).toBeNull();
  });

  it("refuses a map with an unknown role or a malformed pair", () => {
    expect(() => parseRoleMapping({ claim: "groups", map: "staff=owner", defaultRole: "none" })).toThrow(/owner/);
    expect(() => parseRoleMapping({ claim: "groups", map: "staff", defaultRole: "none" })).toThrow(/value=role/);
    expect(() => parseRoleMapping({ claim: "groups", map: "=admin", defaultRole: "none" })).toThrow(/value=role/);
  });

  it("names the user by name, e-mail, username, else subject", () => {
    expect(displayName({ name: "Ada", email: "ada@example.org" }, "s1")).toBe("Ada");
    expect(displayName({ name: " ", email: "ada@example.org" }, "s1")).toBe("ada@example.org");
    expect(displayName({ preferred_username: "ada" }, "s1")).toBe("ada");
    expect(displayName({}, "s1")).toBe("s1");
  });
});

describe("return paths after sign-in", () => {
  it("keeps same-origin absolute paths and replaces anything else with /", () => {
    expect(safeReturnTo("/documents?q=tax#top")).toBe("/documents?q=tax#top");
    for (const bad of [
      "//evil.example/x",
      "/\\evil.example",
      "/\t/evil.example",
      "https://evil.example/",
      "documents",
      "",
      undefined,
      "/a\nb",
    ]) {
      expect(safeReturnTo(bad)).toBe("/");
    }
  });
});
