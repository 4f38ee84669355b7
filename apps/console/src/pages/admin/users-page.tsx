import type { UserDto } from '@hebing/contracts';
import type { TFunction } from 'i18next';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Space, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { users } from '../../api/gateway.api';
import { NewPasswordItem } from '../../components/new-password-item';
import { ErrorAlert } from '../../components/query-view';
import { usePagedList } from '../../components/use-paged-list';
import { ReasonModal } from '../../components/reason-modal';
import { errorText } from '../../lib/errors';
import { UserFormModal } from './user-form-modal';

type Dialog = { kind: 'form'; user: UserDto | null } | { kind: 'disable' | 'reset'; user: UserDto } | null;

function jurisdictionText(u: UserDto, t: TFunction): string {
  const j = u.jurisdiction;
  return j.scope === 'all' ? t('users.scope.all') : `${t(`users.scope.${j.scope}`)}: ${j.codes.join(', ')}`;
}

/** The users table: who, what roles, where, and the row actions. */
function userColumns(
  t: TFunction,
  open: (d: Dialog) => void,
  enable: (u: UserDto) => void,
): TableColumnsType<UserDto> {
  return [
    { title: t('users.username'), dataIndex: 'username' },
    { title: t('users.displayName'), dataIndex: 'displayName' },
    {
      title: t('users.roles'),
      dataIndex: 'roles',
      render: (roles: string[]) => roles.map((r) => <Tag key={r}>{t(`roles.${r}`)}</Tag>),
    },
    { title: t('users.jurisdiction'), render: (_: unknown, u) => jurisdictionText(u, t) },
    {
      title: t('users.status'),
      render: (_: unknown, u) =>
        u.disabled ? (
          <Tag>{t('users.disabled')}</Tag>
        ) : u.lockedUntil ? (
          <Tag color="orange">{t('users.locked')}</Tag>
        ) : (
          <Tag color="green">{t('users.active')}</Tag>
        ),
    },
    {
      title: t('common.actions'),
      render: (_: unknown, u) => (
        <Space size={4}>
          <Button size="small" type="link" onClick={() => open({ kind: 'form', user: u })}>
            {t('common.edit')}
          </Button>
          <Button size="small" type="link" onClick={() => open({ kind: 'reset', user: u })}>
            {t('users.resetPassword')}
          </Button>
          {u.disabled ? (
            <Button size="small" type="link" onClick={() => enable(u)}>
              {t('users.enable')}
            </Button>
          ) : (
            <Button size="small" type="link" danger onClick={() => open({ kind: 'disable', user: u })}>
              {t('users.disable')}
            </Button>
          )}
        </Space>
      ),
    },
  ];
}

export function UsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { set, list, table } = usePagedList('users', users.list, {
    q: undefined,
    page: 1,
    pageSize: 20,
  });
  const [dialog, setDialog] = useState<Dialog>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: ['users'] });

  const enable = (u: UserDto) =>
    users.enable(u.id).then(refresh, (e: unknown) => void message.error(errorText(e, t)));

  return (
    <Card
      size="small"
      title={t('nav.users')}
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setDialog({ kind: 'form', user: null })}
          data-testid="user-create"
        >
          {t('users.create')}
        </Button>
      }
    >
      <ErrorAlert error={list.error} />
      <Input.Search
        allowClear
        placeholder={t('users.search')}
        style={{ width: 260, marginBottom: 12 }}
        onSearch={(q) => set({ q: q || undefined })}
        aria-label={t('users.search')}
      />
      <Table<UserDto>
        rowKey="id"
        {...table}
        columns={userColumns(t, setDialog, (u) => void enable(u))}
        data-testid="users-table"
      />
      <UserFormModal
        user={dialog?.kind === 'form' ? dialog.user : undefined}
        onClose={() => setDialog(null)}
        onSaved={() => {
          setDialog(null);
          refresh();
        }}
      />
      {dialog?.kind === 'disable' && (
        <ReasonModal
          open
          title={t('users.disable')}
          confirmText={t('users.disableConfirm', { name: dialog.user.displayName })}
          onClose={() => setDialog(null)}
          onSubmit={async (v) => {
            await users.disable(dialog.user.id, v.reason);
            refresh();
          }}
        />
      )}
      {dialog?.kind === 'reset' && (
        <ReasonModal<{ password: string }>
          open
          title={t('users.resetPassword')}
          confirmText={t('users.resetConfirm', { name: dialog.user.displayName })}
          extraFields={<NewPasswordItem name="password" label={t('users.newPassword')} id="reset-password" />}
          onClose={() => setDialog(null)}
          onSubmit={async (v) => {
            await users.resetPassword(dialog.user.id, v.password);
            void message.success(t('users.resetDone'));
          }}
        />
      )}
    </Card>
  );
}
