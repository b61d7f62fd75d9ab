import { Suspense, useState } from "react";
import { Link, NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { useSession } from "../session";
import { Skeleton } from "./Skeleton";

interface NavItem {
  to: string;
  label: string;
  permission: string;
}

/** The app's sections, each shown only to roles that may use it. */
export const NAV_ITEMS: readonly NavItem[] = [
  { to: "/", label: "Search", permission: "search:query" },
  { to: "/upload", label: "Upload", permission: "documents:write" },
  { to: "/jobs", label: "Jobs", permission: "jobs:read" },
  { to: "/admin/users", label: "Users", permission: "users:manage" },
  { to: "/admin/keys", label: "API keys", permission: "keys:manage" },
  { to: "/admin/audit", label: "Audit log", permission: "audit:read" },
];

export function Navigation() {
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  const items = NAV_ITEMS.filter((item) => session.can(item.permission));
  const returnTo = encodeURIComponent(location.pathname + location.search);

  return (
    <nav className="nav" aria-label="Main">
      <button
        type="button"
        className="nav-toggle"
        aria-expanded={open}
        aria-controls="nav-items"
        onClick={() => setOpen((o) => !o)}
      >
        Menu
      </button>
      <ul id="nav-items" className={open ? "nav-items open" : "nav-items"}>
        {items.map((item) => (
          <li key={item.to}>
            <NavLink to={item.to} end={item.to === "/"} onClick={() => setOpen(false)}>
              {item.label}
            </NavLink>
          </li>
        ))}
      </ul>
      <div className="nav-account">
        {session.loading ? (
          <span className="nav-placeholder" aria-hidden="true" />
        ) : session.signedIn ? (
          <>
            <span className="nav-user">
              {session.me?.name ?? session.me?.actor} <span className="nav-role">{session.me?.role}</span>
            </span>
            <button
              type="button"
              className="button secondary small"
              onClick={async () => {
                await session.signOut();
                navigate("/sign-in");
              }}
            >
              Sign out
            </button>
          </>
        ) : location.pathname === "/sign-in" ? null : (
          <Link className="button small" to={`/sign-in?returnTo=${returnTo}`}>
            Sign in
          </Link>
        )}
      </div>
    </nav>
  );
}

export function Layout() {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="header">
        <Link to="/" className="brand">
          OpenDiscourse
        </Link>
        <Navigation />
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <Suspense fallback={<Skeleton lines={8} />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="footer">
        <a href="/docs">API reference</a>
      </footer>
    </>
  );
}
