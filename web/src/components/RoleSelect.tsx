import type { ComponentProps } from "react";
import { ROLES } from "../../../src/core/security/roles";

/** A choice of role, least privileged first: the roles the server knows, so a new one shows up here too. */
export function RoleSelect(props: Omit<ComponentProps<"select">, "children">) {
  return (
    <select {...props}>
      {ROLES.map((r) => (
        <option key={r}>{r}</option>
      ))}
    </select>
  );
}
