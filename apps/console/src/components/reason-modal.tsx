import { Form, Input, Modal, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ZReason } from '../api/schemas';
import { zodRule } from '../lib/zod-rules';
import { ErrorAlert } from './query-view';
import { useAction } from './use-action';

/**
 * Every state change asks for confirmation and a reason (it goes into the audit record), and a
 * refusal from the service is shown inside the dialog, next to what the user typed.
 */
export function ReasonModal<V extends object>({
  open,
  title,
  confirmText,
  extraFields,
  onSubmit,
  onClose,
}: {
  open: boolean;
  title: string;
  confirmText: string;
  extraFields?: ReactNode;
  onSubmit: (values: V & { reason: string }) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<V & { reason: string }>();
  const { error, setError, busy, run } = useAction();
  const submit = async () => {
    const values = await form.validateFields();
    await run(async () => {
      await onSubmit(values);
      form.resetFields();
      onClose();
    });
  };
  return (
    <Modal
      open={open}
      title={title}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      destroyOnHidden
      data-testid="reason-modal"
    >
      <Typography.Paragraph>{confirmText}</Typography.Paragraph>
      <ErrorAlert error={error} testId="action-error" />
      <Form form={form} layout="vertical" preserve={false}>
        {extraFields}
        <Form.Item
          name="reason"
          label={t('common.reason')}
          rules={[{ required: true, message: t('validation.reasonRequired') }, zodRule(ZReason)]}
        >
          <Input.TextArea rows={3} autoFocus id="action-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
