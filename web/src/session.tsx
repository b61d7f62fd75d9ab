import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { ApiError, api, setCsrfToken } from "./api/client";
import type { Me } from "./api/types";

export interface Session {
  /** Null until GET /v1/auth/me answers. */
  me: Me | null;
  loading: boolean;
  /** Whether the caller holds a permission (`documents:write`); hides what the role cannot do. */
  can(permission: string): boolean;
  signedIn: boolean;
  refresh(): Promise<Me | null>;
  signOut(): Promise<void>;
}

const ANONYMOUS: Me = { actor: "anonymous", role: null, name: null, via: "anonymous", permissions: [] };

const SessionContext = createContext<Session | null>(null);

/** Fetches who the browser is signed in as; a server without sign-in routes is treated as open to everyone. */
async function fetchMe(): Promise<Me> {
  try {
    return await api<Me>("/v1/auth/me");
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      return { actor: "anonymous", role: "admin", name: null, via: "anonymous", permissions: ["*"] };
    }
    return ANONYMOUS;
  }
}

export function SessionProvider(props: { children: ReactNode; initial?: Me }) {
  const [me, setMe] = useState<Me | null>(props.initial ?? null);

  const refresh = useCallback(async () => {
    const next = await fetchMe();
    setCsrfToken(next.csrfToken);
    setMe(next);
    return next;
  }, []);

  useEffect(() => {
    if (props.initial) setCsrfToken(props.initial.csrfToken);
    else void refresh();
  }, [props.initial, refresh]);

  const signOut = useCallback(async () => {
    try {
      await api<void>("/v1/auth/logout", { method: "POST" });
    } finally {
      setCsrfToken(undefined);
      setMe(ANONYMOUS);
      await refresh();
    }
  }, [refresh]);

  const value = useMemo<Session>(
    () => ({
      me,
      loading: me === null,
      can: (permission) => !!me && (me.permissions.includes("*") || me.permissions.includes(permission)),
      signedIn: !!me && me.via !== "anonymous",
      refresh,
      signOut,
    }),
    [me, refresh, signOut],
  );
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}
