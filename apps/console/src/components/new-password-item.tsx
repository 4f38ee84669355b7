import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { ZPassword } from '../api/schemas';
import { zodRule } from '../lib/zod-rules';

/** A new password field, held to the gateway's password policy and explaining it. */
export function NewPasswordItem({ name, label, id }: { name: string; label: string; id: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name={name}
      label={label}
      extra={t('users.passwordHelp')}
      rules={[{ required: true, message: t('validation.required') }, zodRule(ZPassword)]}
    >
      <Input.Password id={id} autoComplete="new-password" />
    </Form.Item>
  );
}
