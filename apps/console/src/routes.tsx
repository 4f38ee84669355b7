import { Spin } from 'antd';
import { lazy } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useAuth } from './auth/auth-context';
import { RequirePermission } from './auth/require-permission';
import { AppLayout } from './layout/app-layout';
import { LoginPage } from './pages/login-page';

// Pages load on first visit: the charts library alone is most of the bundle.
const DashboardPage = lazy(() =>
  import('./pages/dashboard-page').then((m) => ({ default: m.DashboardPage })),
);
const UsersPage = lazy(() => import('./pages/admin/users-page').then((m) => ({ default: m.UsersPage })));
const RolesPage = lazy(() => import('./pages/admin/roles-page').then((m) => ({ default: m.RolesPage })));
const AuditPage = lazy(() => import('./pages/admin/audit-page').then((m) => ({ default: m.AuditPage })));
const UnitsPage = lazy(() => import('./pages/divisions/units-page').then((m) => ({ default: m.UnitsPage })));
const UnitDetailPage = lazy(() =>
  import('./pages/divisions/unit-detail-page').then((m) => ({ default: m.UnitDetailPage })),
);
const ImportPage = lazy(() =>
  import('./pages/divisions/import-page').then((m) => ({ default: m.ImportPage })),
);
const PlansPage = lazy(() => import('./pages/divisions/plans-page').then((m) => ({ default: m.PlansPage })));
const PlanDetailPage = lazy(() =>
  import('./pages/divisions/plan-detail-page').then((m) => ({ default: m.PlanDetailPage })),
);
const ReadinessPolicyPage = lazy(() =>
  import('./pages/divisions/readiness-policy-page').then((m) => ({ default: m.ReadinessPolicyPage })),
);
const StatsPage = lazy(() => import('./pages/divisions/stats-page').then((m) => ({ default: m.StatsPage })));

function RequireSession({ children }: { children: React.ReactNode }) {
  const { session, loading } = useAuth();
  const location = useLocation();
  if (loading) return <Spin fullscreen />;
  if (!session) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return children;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireSession>
            <AppLayout />
          </RequireSession>
        }
      >
        <Route index element={<Navigate to="/dashboard" replace />} />
        <Route path="dashboard" element={<DashboardPage />} />
        <Route element={<RequirePermission />}>
          <Route path="divisions/units" element={<UnitsPage />} />
          <Route path="divisions/units/:code" element={<UnitDetailPage />} />
          <Route path="divisions/import" element={<ImportPage />} />
          <Route path="divisions/plans" element={<PlansPage />} />
          <Route path="divisions/plans/:id" element={<PlanDetailPage />} />
          <Route path="divisions/readiness-policy" element={<ReadinessPolicyPage />} />
          <Route path="divisions/stats" element={<StatsPage />} />
          <Route path="system/users" element={<UsersPage />} />
          <Route path="system/roles" element={<RolesPage />} />
          <Route path="system/audit" element={<AuditPage />} />
        </Route>
        <Route path="*" element={<Navigate to="/dashboard" replace />} />
      </Route>
    </Routes>
  );
}
