import { Card, Col, Row, Statistic, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LevelStats, Stats } from '../../api/divisions.types';
import { Chart, beforeAfterOption } from '../../components/chart';

export function pct(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

/** The per-level totals (rows with `kind: null`); the other rows break a level down by kind. */
export function levelRows(stats: Stats): LevelStats[] {
  return stats.rows.filter((r) => r.kind === null);
}

export function ReductionCards({ stats }: { stats: Stats }) {
  const { t } = useTranslation();
  return (
    <Row gutter={16}>
      {levelRows(stats)
        .filter((l) => l.level !== 'county')
        .map((l) => (
          <Col key={l.level} span={8}>
            <Card size="small" data-testid={`reduction-${l.level}`}>
              <Statistic
                title={t('stats.reductionOf', { level: t(`unit.level.${l.level}`) })}
                value={l.reduction}
                suffix={`/ ${l.before}（${pct(l.ratio)}）`}
              />
              <div style={{ color: '#888', fontSize: 12 }}>
                {t('stats.beforeAfter', { before: l.before, after: l.after })}
              </div>
            </Card>
          </Col>
        ))}
    </Row>
  );
}

export function LevelCharts({ levels, compact = false }: { levels: LevelStats[]; compact?: boolean }) {
  const { t } = useTranslation();
  const shown = levels.filter((l) => l.level !== 'county');
  const cats = shown.map((l) => t(`unit.level.${l.level}`));
  const labels = { before: t('stats.before'), after: t('stats.after') };
  const charts = [
    {
      key: 'count',
      title: t('stats.countChart'),
      before: shown.map((l) => l.before),
      after: shown.map((l) => l.after),
    },
    {
      key: 'population',
      title: t('stats.populationChart'),
      before: shown.map((l) => Math.round(l.avgPopulationBefore)),
      after: shown.map((l) => Math.round(l.avgPopulationAfter)),
    },
  ];
  return (
    <Row gutter={16}>
      {charts.map((c) => (
        <Col key={c.key} span={12}>
          <Card size="small" title={c.title}>
            <Chart
              testId={`chart-${c.key}`}
              height={compact ? 220 : 280}
              option={beforeAfterOption(cats, c.before, c.after, labels)}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

export function LevelTable({ levels }: { levels: LevelStats[] }) {
  const { t } = useTranslation();
  const n = (v: number) =>
    Number.isFinite(v) ? v.toLocaleString(undefined, { maximumFractionDigits: 1 }) : '—';
  return (
    <Table<LevelStats>
      rowKey={(r) => `${r.level}-${r.kind ?? 'all'}`}
      size="small"
      pagination={false}
      dataSource={levels}
      columns={[
        {
          title: t('unit.levelCol'),
          render: (_: unknown, r) =>
            r.kind === null ? <b>{t(`unit.level.${r.level}`)}</b> : `· ${t(`unit.kind.${r.kind}`)}`,
        },
        { title: t('stats.before'), dataIndex: 'before', align: 'right' },
        { title: t('stats.after'), dataIndex: 'after', align: 'right' },
        { title: t('stats.planned'), dataIndex: 'planned', align: 'right' },
        { title: t('stats.reduction'), dataIndex: 'reduction', align: 'right' },
        { title: t('stats.ratio'), dataIndex: 'ratio', align: 'right', render: pct },
        { title: t('stats.avgPopBefore'), dataIndex: 'avgPopulationBefore', align: 'right', render: n },
        { title: t('stats.avgPopAfter'), dataIndex: 'avgPopulationAfter', align: 'right', render: n },
        { title: t('stats.avgAreaBefore'), dataIndex: 'avgAreaBefore', align: 'right', render: n },
        { title: t('stats.avgAreaAfter'), dataIndex: 'avgAreaAfter', align: 'right', render: n },
        {
          title: t('stats.doubled'),
          dataIndex: 'doubled',
          render: (d: boolean) => (
            <Tag color={d ? 'green' : 'default'}>{d ? t('common.yes') : t('common.no')}</Tag>
          ),
        },
      ]}
      data-testid="stats-table"
    />
  );
}
