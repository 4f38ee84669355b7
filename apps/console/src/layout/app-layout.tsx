import { Button, Dropdown, Layout, Menu, Skeleton, Space, Tag } from 'antd';
import type { MenuProps } from 'antd';
import {
  AuditOutlined,
  BarChartOutlined,
  CheckSquareOutlined,
  ClusterOutlined,
  DashboardOutlined,
  GlobalOutlined,
  LogoutOutlined,
  SafetyOutlined,
  TeamOutlined,
  UploadOutlined,
  ApartmentOutlined,
} from '@ant-design/icons';
import { Suspense, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../auth/auth-context';
import { ChangePasswordModal } from '../auth/change-password-modal';
import { changeLanguage } from '../i18n';
import { navItemFor, visibleNav, type NavItem } from './nav';

const ICONS: Record<string, ReactNode> = {
  dashboard: <DashboardOutlined />,
  units: <ApartmentOutlined />,
  plans: <ClusterOutlined />,
  readinessPolicy: <CheckSquareOutlined />,
  stats: <BarChartOutlined />,
  import: <UploadOutlined />,
  users: <TeamOutlined />,
  roles: <SafetyOutlined />,
  audit: <AuditOutlined />,
};

type MenuItem = NonNullable<MenuProps['items']>[number];

function menuItems(items: NavItem[], t: (k: string) => string): MenuItem[] {
  const groups: NavItem['group'][] = ['home', 'divisions', 'admin'];
  return groups.flatMap((group): MenuItem[] => {
    const children: MenuItem[] = items
      .filter((i) => i.group === group)
      .map((i) => ({ key: i.path, icon: ICONS[i.key], label: t(i.labelKey) }));
    if (children.length === 0) return [];
    if (group === 'home') return children;
    return [{ type: 'group' as const, key: group, label: t(`nav.group.${group}`), children }];
  });
}

export function AppLayout() {
  const { session, logout } = useAuth();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const items = visibleNav(session?.roles ?? []);
  const selected = navItemFor(location.pathname)?.path;
  const [changing, setChanging] = useState(false);
  const forced = session?.mustChangePassword ?? false;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        width={208}
        breakpoint="lg"
        collapsedWidth={64}
        theme="light"
        style={{
          borderRight: '1px solid #f0f0f0',
          position: 'sticky',
          top: 0,
          height: '100vh',
          overflow: 'auto',
        }}
      >
        <div
          style={{
            padding: '16px 20px',
            fontWeight: 600,
            fontSize: 16,
            whiteSpace: 'nowrap',
            overflow: 'hidden',
          }}
        >
          {t('app.title')}
        </div>
        <Menu
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          items={menuItems(items, t)}
          onClick={(e) => void navigate(e.key)}
          style={{ borderInlineEnd: 'none' }}
          data-testid="nav"
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 24px',
            display: 'flex',
            justifyContent: 'flex-end',
            alignItems: 'center',
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <Space size="middle">
            <Dropdown
              menu={{
                items: [
                  { key: 'zh-CN', label: '简体中文' },
                  { key: 'en', label: 'English' },
                ],
                selectedKeys: [i18n.language],
                onClick: (e) => changeLanguage(e.key === 'en' ? 'en' : 'zh-CN'),
              }}
            >
              <Button
                type="text"
                icon={<GlobalOutlined />}
                aria-label={t('app.language')}
                data-testid="lang-switch"
              >
                {i18n.language === 'en' ? 'English' : '简体中文'}
              </Button>
            </Dropdown>
            <Button type="link" onClick={() => setChanging(true)} data-testid="current-user">
              {session?.displayName}
            </Button>
            {session?.roles.map((r) => (
              <Tag key={r}>{t(`roles.${r}`)}</Tag>
            ))}
            <Button icon={<LogoutOutlined />} onClick={() => void logout().then(() => navigate('/login'))}>
              {t('app.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 20, overflow: 'auto' }}>
          <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
        <ChangePasswordModal open={changing || forced} forced={forced} onClose={() => setChanging(false)} />
      </Layout>
    </Layout>
  );
}
