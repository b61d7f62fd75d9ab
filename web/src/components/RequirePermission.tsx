import type { ReactNode } from "react";
import { Link, useLocation } from "react-router";
import { useSession } from "../session";
import { Skeleton } from "./Skeleton";

/** Shows its children only to a caller holding the permission; others get a sign-in link or an explanation. */
export function RequirePermission({ permission, children }: { permission: string; children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.loading) return <Skeleton lines={4} />;
  if (session.can(permission)) return <>{children}</>;
  if (!session.signedIn) {
    const returnTo = encodeURIComponent(location.pathname + location.search);
    return (
      <div className="empty" role="alert">
        <p className="empty-title">Sign in to see this page.</p>
        <Link className="button" to={`/sign-in?returnTo=${returnTo}`}>
          Sign in
        </Link>
      </div>
    );
  }
  return (
    <div className="empty" role="alert">
      <p className="empty-title">Your role ({session.me?.role ?? "none"}) cannot use this page.</p>
    </div>
  );
}
