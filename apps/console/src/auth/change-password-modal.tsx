import { useQueryClient } from '@tanstack/react-query';
import { Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { account } from '../api/gateway.api';
import { NewPasswordItem } from '../components/new-password-item';
import { ErrorAlert } from '../components/query-view';
import { useAction } from '../components/use-action';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/**
 * Own password change. `forced` (a new or reset account) cannot be dismissed: the gateway lets
 * such an account do nothing else until the password is its own.
 */
export function ChangePasswordModal({
  open,
  forced,
  onClose,
}: {
  open: boolean;
  forced: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const { error, busy, run } = useAction();
  const submit = async () => {
    const v = await form.validateFields();
    await run(async () => {
      await account.changePassword(v.currentPassword, v.newPassword);
      await qc.invalidateQueries({ queryKey: ['auth', 'me'] });
      form.resetFields();
      onClose();
    });
  };
  return (
    <Modal
      open={open}
      title={t('account.changePassword')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      closable={!forced}
      mask={{ closable: !forced }}
      keyboard={!forced}
      cancelButtonProps={{ style: forced ? { display: 'none' } : {} }}
      confirmLoading={busy}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
      data-testid="change-password-modal"
    >
      {forced && <Typography.Paragraph>{t('account.mustChange')}</Typography.Paragraph>}
      <ErrorAlert error={error} testId="action-error" />
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="currentPassword"
          label={t('account.current')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input.Password id="account-current" autoComplete="current-password" autoFocus />
        </Form.Item>
        <NewPasswordItem name="newPassword" label={t('account.new')} id="account-new" />
        <Form.Item
          name="confirm"
          label={t('account.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('validation.required') },
            ({ getFieldValue }) => ({
              validator: async (_r, value) => {
                if (value !== getFieldValue('newPassword')) throw new Error(t('account.mismatch'));
              },
            }),
          ]}
        >
          <Input.Password id="account-confirm" autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
