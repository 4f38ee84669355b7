import { PERMISSIONS, ROLES, ROLE_PERMISSIONS } from '@hebing/contracts';
import { Card, Table, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

/**
 * Roles are bundles of permissions declared in contracts; the matrix shows what each bundle
 * grants. Assigning roles to people happens on the user page.
 */
export function RolesPage() {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('nav.roles')}>
      <Typography.Paragraph type="secondary">{t('rolesPage.help')}</Typography.Paragraph>
      <Table
        rowKey="permission"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content', y: 'calc(100vh - 260px)' }}
        dataSource={PERMISSIONS.map((p) => ({ permission: p }))}
        columns={[
          {
            title: t('rolesPage.permission'),
            dataIndex: 'permission',
            fixed: 'left',
            width: 200,
            render: (p: string) => <span title={p}>{t(`permissions.${p}`)}</span>,
          },
          ...ROLES.map((r) => ({
            title: t(`roles.${r}`),
            key: r,
            align: 'center' as const,
            render: (_: unknown, row: { permission: (typeof PERMISSIONS)[number] }) =>
              ROLE_PERMISSIONS[r].includes(row.permission) ? (
                <CheckOutlined style={{ color: '#389e0d' }} aria-label="yes" />
              ) : null,
          })),
        ]}
        data-testid="roles-matrix"
      />
    </Card>
  );
}
