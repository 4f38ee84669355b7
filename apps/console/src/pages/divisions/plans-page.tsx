import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Input, Select, Space, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { plans } from '../../api/divisions.api';
import { PLAN_STEPS, type MergeLevel, type Plan, type PlanStep } from '../../api/divisions.types';
import { useAuth } from '../../auth/auth-context';
import { ErrorAlert } from '../../components/query-view';
import { usePagedList } from '../../components/use-paged-list';
import { canUse } from '../../layout/nav';
import { PlanCreateModal } from './plan-create-modal';
import { PlanStatusTag } from './plan-labels';

export function PlansPage() {
  const { t } = useTranslation();
  const { session } = useAuth();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { set, list, table } = usePagedList('plans', plans.list, { page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const canWrite = canUse(session?.roles ?? [], 'divisions.write');
  return (
    <Card
      size="small"
      title={t('nav.plans')}
      extra={
        canWrite && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="plan-create"
          >
            {t('plan.create')}
          </Button>
        )
      }
    >
      <ErrorAlert error={list.error} />
      <Space style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('plan.search')}
          style={{ width: 220 }}
          onSearch={(q) => set({ q: q || undefined })}
          aria-label={t('plan.search')}
        />
        <Select
          allowClear
          placeholder={t('plan.status')}
          style={{ width: 140 }}
          onChange={(status?: PlanStep) => set({ status })}
          options={[...PLAN_STEPS, 'withdrawn' as const].map((s) => ({
            value: s,
            label: t(`plan.step.${s}`),
          }))}
          aria-label={t('plan.status')}
        />
        <Select
          allowClear
          placeholder={t('plan.level')}
          style={{ width: 120 }}
          onChange={(level?: MergeLevel) => set({ level })}
          options={(['township', 'village', 'group'] as const).map((l) => ({
            value: l,
            label: t(`unit.level.${l}`),
          }))}
          aria-label={t('plan.level')}
        />
      </Space>
      <Table<Plan>
        rowKey="id"
        {...table}
        columns={[
          {
            title: t('plan.title'),
            render: (_: unknown, p) => <Link to={`/divisions/plans/${p.id}`}>{p.title}</Link>,
          },
          { title: t('plan.target'), render: (_: unknown, p) => p.target.name, width: 140 },
          { title: t('plan.targetCode'), render: (_: unknown, p) => p.target.code, width: 150 },
          {
            title: t('plan.level'),
            dataIndex: 'level',
            width: 90,
            render: (l: string) => t(`unit.level.${l}`),
          },
          {
            title: t('plan.sourceCount'),
            width: 90,
            align: 'right',
            render: (_: unknown, p) => p.sourceCodes.length,
          },
          { title: t('plan.effectiveDate'), dataIndex: 'effectiveDate', width: 120 },
          {
            title: t('plan.status'),
            dataIndex: 'status',
            width: 100,
            render: (_: unknown, p) => <PlanStatusTag status={p.status} />,
          },
        ]}
        data-testid="plans-table"
      />
      <PlanCreateModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(p) => {
          setCreating(false);
          void qc.invalidateQueries({ queryKey: ['plans'] });
          void navigate(`/divisions/plans/${p.id}`);
        }}
      />
    </Card>
  );
}
