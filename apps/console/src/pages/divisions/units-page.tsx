import { Card, Col, Input, Row, Select, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { units } from '../../api/divisions.api';
import { useScope } from '../../api/scope';
import type { Unit } from '../../api/divisions.types';
import { ErrorAlert } from '../../components/query-view';
import { usePagedList } from '../../components/use-paged-list';
import { ExportButtons } from './export-buttons';
import { kindLabel, latestFacts, levelLabel } from './unit-labels';
import { UnitTree } from './unit-tree';

const LEVELS = ['county', 'township', 'village', 'group'] as const;

/** Code (links to the detail page), name, level, kind, status, latest population, start. */
function unitColumns(t: TFunction): TableColumnsType<Unit> {
  return [
    {
      title: t('unit.code'),
      dataIndex: 'code',
      width: 150,
      render: (c: string) => <Link to={`/divisions/units/${c}`}>{c}</Link>,
    },
    { title: t('unit.name'), dataIndex: 'name' },
    {
      title: t('unit.levelCol'),
      dataIndex: 'level',
      width: 90,
      render: (l: string) => levelLabel(t, l),
    },
    {
      title: t('unit.kindCol'),
      dataIndex: 'kind',
      width: 90,
      render: (k: string) => kindLabel(t, k),
    },
    {
      title: t('unit.statusCol'),
      dataIndex: 'status',
      width: 80,
      render: (s: string) => <Tag color={s === 'active' ? 'green' : 'default'}>{t(`unit.status.${s}`)}</Tag>,
    },
    {
      title: t('unit.population'),
      width: 100,
      align: 'right',
      render: (_: unknown, u) => latestFacts(u)?.population ?? '—',
    },
    { title: t('unit.validFrom'), dataIndex: 'validFrom', width: 110 },
  ];
}

export function UnitsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { filter, set, list, table } = usePagedList('units', units.list, {
    page: 1,
    pageSize: 20,
    status: 'active',
  });
  const [exportError, setExportError] = useState<unknown>(null);
  const { county } = useScope();

  return (
    <Row gutter={16} wrap={false}>
      <Col flex="260px">
        <Card size="small" title={t('units.tree')}>
          <UnitTree selected={filter.parentCode} onSelect={(code) => set({ parentCode: code })} />
        </Card>
      </Col>
      <Col flex="auto" style={{ minWidth: 0 }}>
        <Card
          size="small"
          title={t('nav.units')}
          extra={<ExportButtons county={county} onError={setExportError} />}
        >
          <ErrorAlert error={exportError ?? list.error} />
          <Space wrap style={{ marginBottom: 12 }}>
            <Input.Search
              allowClear
              placeholder={t('units.searchPlaceholder')}
              onSearch={(q) => set({ q: q || undefined })}
              style={{ width: 260 }}
              aria-label={t('units.searchPlaceholder')}
              data-testid="unit-search"
            />
            <Select
              allowClear
              placeholder={t('units.level')}
              style={{ width: 130 }}
              value={filter.level}
              onChange={(level) => set({ level })}
              options={LEVELS.map((l) => ({ value: l, label: levelLabel(t, l) }))}
              aria-label={t('units.level')}
            />
            <Select
              allowClear
              placeholder={t('units.status')}
              style={{ width: 120 }}
              value={filter.status}
              onChange={(status) => set({ status })}
              options={[
                { value: 'active', label: t('unit.status.active') },
                { value: 'abolished', label: t('unit.status.abolished') },
              ]}
              aria-label={t('units.status')}
            />
            {filter.parentCode && (
              <Tag closable onClose={() => set({ parentCode: undefined })}>
                {t('units.under', { code: filter.parentCode })}
              </Tag>
            )}
          </Space>
          <Table<Unit>
            rowKey="code"
            {...table}
            onRow={(u) => ({ onDoubleClick: () => void navigate(`/divisions/units/${u.code}`) })}
            pagination={{ ...table.pagination, showSizeChanger: true }}
            columns={unitColumns(t)}
            scroll={{ y: 'calc(100vh - 330px)' }}
            data-testid="units-table"
          />
        </Card>
      </Col>
    </Row>
  );
}
