import { Button, Form, Input, InputNumber, Select, Space } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { plans } from '../../api/divisions.api';
import type { Plan } from '../../api/divisions.types';
import { ZDay, ZVoteInput } from '../../api/schemas';
import { useAuth } from '../../auth/auth-context';
import { ReasonModal } from '../../components/reason-modal';
import { zodRule } from '../../lib/zod-rules';
import { actionsFor, type ActionKey } from './plan-actions.table';

type Values = Record<string, unknown> & { reason: string };

function VoteFields() {
  const { t } = useTranslation();
  const num = (name: string, label: string) => (
    <Form.Item
      name={name}
      label={label}
      rules={[{ required: true, message: t('validation.required') }]}
      style={{ marginBottom: 8 }}
    >
      <InputNumber min={0} precision={0} style={{ width: 100 }} id={`vote-${name}`} />
    </Form.Item>
  );
  return (
    <>
      <Form.Item
        name="body"
        label={t('plan.vote.body')}
        rules={[{ required: true, message: t('validation.required') }]}
        initialValue={t('plan.vote.bodyDefault')}
      >
        <Input id="vote-body" />
      </Form.Item>
      <Space wrap>
        {num('members', t('plan.vote.members'))}
        {num('present', t('plan.vote.present'))}
        {num('for', t('plan.vote.for'))}
        {num('against', t('plan.vote.against'))}
      </Space>
      <Form.Item
        name="date"
        label={t('plan.vote.date')}
        rules={[{ required: true, message: t('validation.required') }, zodRule(ZDay)]}
      >
        <Input type="date" id="vote-date" />
      </Form.Item>
    </>
  );
}

function ConsultationFields() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name="kind"
        label={t('plan.consultation.kind')}
        rules={[{ required: true, message: t('validation.required') }]}
      >
        <Select
          id="consultation-kind"
          options={['meeting', 'visit', 'notice'].map((k) => ({
            value: k,
            label: t(`plan.consultation.kinds.${k}`),
          }))}
        />
      </Form.Item>
      <Form.Item
        name="date"
        label={t('plan.consultation.date')}
        rules={[{ required: true, message: t('validation.required') }, zodRule(ZDay)]}
      >
        <Input type="date" id="consultation-date" />
      </Form.Item>
      <Form.Item
        name="note"
        label={t('plan.consultation.note')}
        rules={[{ required: true, message: t('validation.required') }]}
      >
        <Input.TextArea rows={2} id="consultation-note" />
      </Form.Item>
    </>
  );
}

/** Calls the procedure behind an action; the vote figures go through the contract schema first. */
export async function runAction(action: ActionKey, plan: Plan, v: Values): Promise<Plan> {
  const base = { id: plan.id, reason: v.reason, expectedVersion: plan.version };
  switch (action) {
    case 'startConsultation':
      return plans.advance({ ...base, to: 'consultation' });
    case 'openVote':
      return plans.advance({ ...base, to: 'vote' });
    case 'addConsultation':
      return plans.addConsultation({
        ...base,
        kind: v.kind as 'meeting' | 'visit' | 'notice',
        date: String(v.date),
        note: String(v.note),
      });
    case 'recordVote': {
      const vote = ZVoteInput.parse({
        body: v.body,
        date: v.date,
        members: v.members,
        present: v.present,
        for: v.for,
        against: v.against,
      });
      return plans.vote({ ...base, vote });
    }
    case 'approve':
      return plans.approve(base);
    case 'makeEffective':
      return plans.makeEffective(base);
    case 'withdraw':
      return plans.withdraw(base);
  }
}

export function PlanActions({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const { session } = useAuth();
  const qc = useQueryClient();
  const [open, setOpen] = useState<ActionKey | null>(null);
  const available = actionsFor(plan.status, session?.roles ?? []);
  if (available.length === 0) return null;
  const fields: Partial<Record<ActionKey, ReactNode>> = {
    recordVote: <VoteFields />,
    addConsultation: <ConsultationFields />,
  };
  return (
    <Space wrap>
      {available.map((a) => (
        <Button
          key={a.key}
          type={a.kind === 'primary' ? 'primary' : 'default'}
          danger={a.kind === 'danger'}
          onClick={() => setOpen(a.key)}
          data-testid={`action-${a.key}`}
        >
          {t(`plan.action.${a.key}`)}
        </Button>
      ))}
      {open && (
        <ReasonModal<Values>
          open
          title={t(`plan.action.${open}`)}
          confirmText={t(`plan.confirm.${open}`, { name: plan.title })}
          extraFields={fields[open]}
          onClose={() => setOpen(null)}
          onSubmit={async (v) => {
            const updated = await runAction(open, plan, v);
            qc.setQueryData(['plan', plan.id], updated);
            void qc.invalidateQueries({ queryKey: ['plans'] });
            void qc.invalidateQueries({ queryKey: ['stats'] });
            void qc.invalidateQueries({ queryKey: ['units'] });
            void qc.invalidateQueries({ queryKey: ['unit'] });
            void qc.invalidateQueries({ queryKey: ['history'] });
          }}
        />
      )}
    </Space>
  );
}
