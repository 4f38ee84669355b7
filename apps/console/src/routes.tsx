import { Spin } from 'antd';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useAuth } from './auth/auth-context';
import { RequirePermission } from './auth/require-permission';
import { AppLayout } from './layout/app-layout';
import { LoginPage } from './pages/login-page';
import { DashboardPage } from './pages/dashboard-page';
import { UsersPage } from './pages/admin/users-page';
import { RolesPage } from './pages/admin/roles-page';
import { AuditPage } from './pages/admin/audit-page';
import { UnitsPage } from './pages/divisions/units-page';
import { UnitDetailPage } from './pages/divisions/unit-detail-page';
import { ImportPage } from './pages/divisions/import-page';
import { PlansPage } from './pages/divisions/plans-page';
import { PlanDetailPage } from './pages/divisions/plan-detail-page';
import { StatsPage } from './pages/divisions/stats-page';

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
