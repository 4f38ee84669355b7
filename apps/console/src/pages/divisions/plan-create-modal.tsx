import { useQuery } from '@tanstack/react-query';
import { Form, Input, Modal, Radio, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { plans, units } from '../../api/divisions.api';
import type { Plan } from '../../api/divisions.types';
import { ZDay, ZPlanCreateInput, ZReason, ZUnitCode } from '../../api/schemas';
import { ErrorAlert } from '../../components/query-view';
import { useAction } from '../../components/use-action';
import { zodRule } from '../../lib/zod-rules';
import { toCreateInput, type PlanFormValues as Values } from './plan-input';

export function PlanCreateModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (p: Plan) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const level = Form.useWatch('level', form) ?? 'village';
  const sources = Form.useWatch('sourceCodes', form) ?? [];
  const codeMode = Form.useWatch('codeMode', form) ?? 'keep';
  const targetName = Form.useWatch('targetName', form);
  const [q, setQ] = useState('');
  const options = useQuery({
    queryKey: ['units', 'sources', level, q],
    queryFn: () => units.list({ level, status: 'active', q: q || undefined, page: 1, pageSize: 50 }),
    enabled: open,
  });
  const [names, setNames] = useState(new Map<string, string>()); // code → name of every unit picked
  const { error, setError, busy, run } = useAction();
  const sourceNames = sources.map((c) => names.get(c) ?? c);
  const needsOverride = Boolean(targetName?.trim()) && !sourceNames.includes(targetName?.trim() ?? '');

  const submit = async () => {
    const v = await form.validateFields();
    const parsed = ZPlanCreateInput.safeParse(toCreateInput(v, sourceNames));
    if (!parsed.success) {
      setError(new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')));
      return;
    }
    await run(async () => {
      const plan = await plans.create(parsed.data);
      form.resetFields();
      onCreated(plan);
    });
  };

  return (
    <Modal
      open={open}
      width={640}
      title={t('plan.create')}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
      styles={{ body: { maxHeight: 'calc(100vh - 220px)', overflowY: 'auto' } }}
      data-testid="plan-create-modal"
    >
      <ErrorAlert error={error} testId="action-error" />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ level: 'village', codeMode: 'keep', sourceCodes: [] }}
        preserve={false}
      >
        <Form.Item
          name="title"
          label={t('plan.title')}
          rules={[
            { required: true, message: t('validation.required') },
            zodRule(ZPlanCreateInput.shape.title),
          ]}
        >
          <Input id="plan-title" placeholder={t('plan.titlePlaceholder')} />
        </Form.Item>
        <Form.Item name="level" label={t('plan.level')} rules={[{ required: true }]}>
          <Radio.Group onChange={() => form.setFieldsValue({ sourceCodes: [], keepCodeOf: undefined })}>
            {(['township', 'village', 'group'] as const).map((l) => (
              <Radio.Button key={l} value={l}>
                {t(`unit.level.${l}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="sourceCodes"
          label={t('plan.sources')}
          rules={[{ required: true, type: 'array', min: 2, message: t('validation.twoSources') }]}
        >
          <Select
            mode="multiple"
            showSearch={{ filterOption: false, onSearch: setQ }}
            loading={options.isFetching}
            placeholder={t('plan.sourcesPlaceholder')}
            options={(options.data?.items ?? []).map((u) => ({
              value: u.code,
              label: `${u.name} ${u.code}`,
            }))}
            onSelect={(code: string) => {
              const u = options.data?.items.find((x) => x.code === code);
              if (u) setNames((prev) => new Map(prev).set(u.code, u.name));
            }}
            id="plan-sources"
          />
        </Form.Item>
        <Form.Item
          name="targetName"
          label={t('plan.targetName')}
          extra={t('plan.targetNameHelp')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input id="plan-target-name" list="plan-source-names" autoComplete="off" />
        </Form.Item>
        <datalist id="plan-source-names">
          {sourceNames.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        {needsOverride && (
          <Form.Item
            name="nameOverrideReason"
            label={t('plan.nameOverrideReason')}
            rules={[{ required: true, message: t('validation.reasonRequired') }, zodRule(ZReason)]}
          >
            <Input.TextArea rows={2} id="plan-name-override" />
          </Form.Item>
        )}
        <Form.Item name="codeMode" label={t('plan.codeMode')}>
          <Radio.Group>
            <Radio value="keep">{t('plan.keepCode')}</Radio>
            <Radio value="new">{t('plan.newCode')}</Radio>
          </Radio.Group>
        </Form.Item>
        {codeMode === 'keep' ? (
          <Form.Item
            name="keepCodeOf"
            label={t('plan.keepCodeOf')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <Select
              options={sources.map((c, i) => ({ value: c, label: `${sourceNames[i] ?? ''} ${c}` }))}
              id="plan-keep-code"
            />
          </Form.Item>
        ) : (
          <Form.Item
            name="newCode"
            label={t('plan.newCodeValue')}
            rules={[{ required: true, message: t('validation.required') }, zodRule(ZUnitCode)]}
          >
            <Input id="plan-new-code" />
          </Form.Item>
        )}
        <Form.Item name="seatAddress" label={t('plan.seat')}>
          <Input id="plan-seat" />
        </Form.Item>
        <Form.Item
          name="effectiveDate"
          label={t('plan.effectiveDate')}
          rules={[{ required: true, message: t('validation.required') }, zodRule(ZDay)]}
        >
          <Input type="date" id="plan-effective-date" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('common.reason')}
          rules={[{ required: true, message: t('validation.reasonRequired') }, zodRule(ZReason)]}
        >
          <Input.TextArea rows={2} id="plan-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
