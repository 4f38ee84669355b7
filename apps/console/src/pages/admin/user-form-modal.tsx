import { ROLES, ZJurisdiction, type Jurisdiction, type UserDto } from '@hebing/contracts';
import { Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { users } from '../../api/gateway.api';
import { ZCreateUserInput, ZUpdateUserInput } from '../../api/schemas';
import { NewPasswordItem } from '../../components/new-password-item';
import { ErrorAlert } from '../../components/query-view';
import { useAction } from '../../components/use-action';
import { zodRule } from '../../lib/zod-rules';

interface Values {
  username: string;
  displayName: string;
  password: string;
  roles: UserDto['roles'];
  scope: Jurisdiction['scope'];
  codes: string[];
}

export function toJurisdiction(scope: Jurisdiction['scope'], codes: string[]): Jurisdiction {
  return scope === 'all' ? { scope: 'all' } : { scope, codes };
}

/** Create (no `user`) or edit; both validated by the gateway's own contract schemas. */
export function UserFormModal({
  user,
  onClose,
  onSaved,
}: {
  user: UserDto | null | undefined;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const scope = Form.useWatch('scope', form) ?? 'all';
  const { error, busy, run } = useAction();
  const editing = Boolean(user);
  const shape = ZCreateUserInput.shape;

  const submit = async () => {
    const v = await form.validateFields();
    const jurisdiction = toJurisdiction(v.scope, v.codes ?? []);
    await run(async () => {
      if (user) {
        await users.update(
          ZUpdateUserInput.parse({ id: user.id, displayName: v.displayName, roles: v.roles, jurisdiction }),
        );
      } else {
        await users.create(
          ZCreateUserInput.parse({
            username: v.username,
            displayName: v.displayName,
            password: v.password,
            roles: v.roles,
            jurisdiction,
          }),
        );
      }
      onSaved();
    });
  };

  const initial: Partial<Values> = user
    ? {
        displayName: user.displayName,
        roles: user.roles,
        scope: user.jurisdiction.scope,
        codes: user.jurisdiction.scope === 'all' ? [] : user.jurisdiction.codes,
      }
    : { scope: 'all', roles: [], codes: [] };

  return (
    <Modal
      open={user !== undefined}
      title={editing ? t('users.edit') : t('users.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
      data-testid="user-modal"
    >
      <ErrorAlert error={error} testId="action-error" />
      <Form form={form} layout="vertical" initialValues={initial} preserve={false}>
        {!editing && (
          <Form.Item
            name="username"
            label={t('users.username')}
            rules={[{ required: true, message: t('validation.required') }, zodRule(shape.username)]}
          >
            <Input id="user-username" autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[{ required: true, message: t('validation.required') }, zodRule(shape.displayName)]}
        >
          <Input id="user-display-name" />
        </Form.Item>
        {!editing && <NewPasswordItem name="password" label={t('users.password')} id="user-password" />}
        <Form.Item
          name="roles"
          label={t('users.roles')}
          rules={[{ required: true, message: t('validation.required') }, zodRule(shape.roles)]}
        >
          <Select
            mode="multiple"
            id="user-roles"
            options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          />
        </Form.Item>
        <Form.Item name="scope" label={t('users.jurisdiction')}>
          <Select
            id="user-scope"
            options={(['all', 'county', 'township'] as const).map((s) => ({
              value: s,
              label: t(`users.scope.${s}`),
            }))}
          />
        </Form.Item>
        {scope !== 'all' && (
          <Form.Item
            name="codes"
            label={t('users.codes')}
            extra={t(`users.codesHelp.${scope}`)}
            dependencies={['scope']}
            rules={[
              {
                validator: async (_r, codes: string[] | undefined) => {
                  const res = ZJurisdiction.safeParse(toJurisdiction(scope, codes ?? []));
                  if (!res.success) throw new Error(t(`users.codesHelp.${scope}`));
                },
              },
            ]}
          >
            <Select mode="tags" id="user-codes" tokenSeparators={[',', ' ']} open={false} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
