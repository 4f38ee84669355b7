import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Segmented, Space, Table, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_SOURCES, audit, type AuditSource } from '../../api/gateway.api';
import type { AuditFilter, AuditRow, AuditVerifyResult } from '../../api/types';
import { ErrorAlert } from '../../components/query-view';

function VerifyButton({ source }: { source: AuditSource }) {
  const { t } = useTranslation();
  const [result, setResult] = useState<AuditVerifyResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const verify = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await audit.verify(source));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Button
        icon={<SafetyCertificateOutlined />}
        loading={busy}
        onClick={() => void verify()}
        data-testid="audit-verify"
      >
        {t('audit.verify')}
      </Button>
      <ErrorAlert error={error} />
      {result && (
        <Alert
          type={result.ok ? 'success' : 'error'}
          showIcon
          data-testid="audit-verify-result"
          title={
            result.ok
              ? t('audit.verifyOk', { count: result.count })
              : t('audit.verifyBroken', { seq: result.brokenAt, reason: result.reason })
          }
        />
      )}
    </Space>
  );
}

export function AuditPage() {
  const { t } = useTranslation();
  const [source, setSource] = useState<AuditSource>('gateway');
  const [filter, setFilter] = useState<AuditFilter>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const list = useQuery({
    queryKey: ['audit', source, filter, page],
    queryFn: () => audit.list(source, filter, page.page, page.pageSize),
    placeholderData: keepPreviousData,
  });
  const toIso = (d: string | undefined, end: boolean) =>
    d ? new Date(`${d}T${end ? '23:59:59.999' : '00:00:00'}`).toISOString() : undefined;
  return (
    <Card size="small" title={t('nav.audit')} extra={<VerifyButton key={source} source={source} />}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Segmented<AuditSource>
          value={source}
          onChange={(s) => {
            setSource(s);
            setPage((p) => ({ ...p, page: 1 }));
          }}
          options={AUDIT_SOURCES.map((s) => ({ value: s, label: t(`audit.source.${s}`) }))}
        />
        <Form
          layout="inline"
          onFinish={(v: {
            actor?: string;
            entityType?: string;
            entityId?: string;
            from?: string;
            to?: string;
          }) => {
            setFilter({
              actor: v.actor,
              entityType: v.entityType,
              entityId: v.entityId,
              from: toIso(v.from, false),
              to: toIso(v.to, true),
            });
            setPage((p) => ({ ...p, page: 1 }));
          }}
        >
          <Form.Item name="actor" label={t('audit.actor')}>
            <Input allowClear style={{ width: 130 }} id="audit-actor" />
          </Form.Item>
          <Form.Item name="entityType" label={t('audit.entityType')}>
            <Input allowClear style={{ width: 110 }} id="audit-entity-type" />
          </Form.Item>
          <Form.Item name="entityId" label={t('audit.entityId')}>
            <Input allowClear style={{ width: 130 }} id="audit-entity-id" />
          </Form.Item>
          <Form.Item name="from" label={t('audit.from')}>
            <Input type="date" id="audit-from" />
          </Form.Item>
          <Form.Item name="to" label={t('audit.to')}>
            <Input type="date" id="audit-to" />
          </Form.Item>
          <Button htmlType="submit" type="primary">
            {t('common.search')}
          </Button>
        </Form>
        <ErrorAlert error={list.error} />
        <Table<AuditRow>
          rowKey={(r) => String(r.seq)}
          size="small"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('common.empty') }}
          expandable={{
            expandedRowRender: (r) => (
              <Typography.Paragraph style={{ margin: 0 }}>
                <pre style={{ margin: 0, maxHeight: 240, overflow: 'auto' }}>
                  {JSON.stringify({ before: r.before, after: r.after }, null, 2)}
                </pre>
              </Typography.Paragraph>
            ),
          }}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: list.data?.total ?? 0,
            showTotal: (n) => t('common.total', { count: n }),
            onChange: (p, s) => setPage({ page: p, pageSize: s }),
          }}
          columns={[
            { title: '#', dataIndex: 'seq', width: 70 },
            {
              title: t('audit.time'),
              dataIndex: 'at',
              width: 170,
              render: (at: string) => new Date(at).toLocaleString(),
            },
            { title: t('audit.actor'), width: 110, render: (_: unknown, r) => r.actor?.username ?? '—' },
            { title: t('audit.action'), dataIndex: 'action' },
            { title: t('audit.entity'), render: (_: unknown, r) => `${r.entity.type} ${r.entity.id}` },
            { title: t('common.reason'), dataIndex: 'reason', ellipsis: true },
          ]}
          data-testid="audit-table"
        />
      </Space>
    </Card>
  );
}
