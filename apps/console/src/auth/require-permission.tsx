import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { canUse, navItemFor } from '../layout/nav';
import { useAuth } from './auth-context';

/**
 * Guards every page by the permission its nav entry declares. Someone who types the address of
 * a page their role may not use gets a plain explanation, not a broken page of failed requests.
 */
export function RequirePermission() {
  const { session } = useAuth();
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const item = navItemFor(location.pathname);
  if (!session || !item || canUse(session.roles, item.permission)) return <Outlet />;
  return (
    <Result
      status="403"
      title={t('forbidden.title')}
      subTitle={t('forbidden.message', { page: t(item.labelKey), permission: item.permission ?? '' })}
      extra={
        <Button type="primary" onClick={() => void navigate('/dashboard')}>
          {t('forbidden.back')}
        </Button>
      }
      data-testid="forbidden"
    />
  );
}
