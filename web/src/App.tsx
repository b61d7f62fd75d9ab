import { lazy, type ReactNode } from "react";
import { Route, Routes } from "react-router";
import { Layout } from "./components/Layout";
import { RequirePermission } from "./components/RequirePermission";
import { SearchPage } from "./pages/SearchPage";

// Pages other than search load on first visit, so the search page's bundle stays small.
const DocumentPage = lazy(() => import("./pages/DocumentPage"));
const BillPage = lazy(() => import("./pages/BillPage"));
const PersonPage = lazy(() => import("./pages/PersonPage"));
const UploadPage = lazy(() => import("./pages/UploadPage"));
const JobsPage = lazy(() => import("./pages/JobsPage"));
const SignInPage = lazy(() => import("./pages/SignInPage"));
const SetupPage = lazy(() => import("./pages/SetupPage"));
const UsersPage = lazy(() => import("./pages/UsersPage"));
const KeysPage = lazy(() => import("./pages/KeysPage"));
const AuditPage = lazy(() => import("./pages/AuditPage"));
const NotFoundPage = lazy(() => import("./pages/NotFoundPage"));

function guarded(permission: string, page: ReactNode) {
  return <RequirePermission permission={permission}>{page}</RequirePermission>;
}

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={guarded("search:query", <SearchPage />)} />
        <Route path="documents/:id" element={guarded("documents:read", <DocumentPage />)} />
        <Route path="bills/:billId" element={guarded("documents:read", <BillPage />)} />
        <Route path="people/:id" element={guarded("documents:read", <PersonPage />)} />
        <Route path="upload" element={guarded("documents:write", <UploadPage />)} />
        <Route path="jobs" element={guarded("jobs:read", <JobsPage />)} />
        <Route path="admin/users" element={guarded("users:manage", <UsersPage />)} />
        <Route path="admin/keys" element={guarded("keys:manage", <KeysPage />)} />
        <Route path="admin/audit" element={guarded("audit:read", <AuditPage />)} />
        <Route path="sign-in" element={<SignInPage />} />
        <Route path="setup" element={<SetupPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
