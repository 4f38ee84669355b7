import { useQuery } from '@tanstack/react-query';
import { Card, Col, Result, Row, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { stats } from '../api/divisions.api';
import { PLAN_STEPS, type Stats } from '../api/divisions.types';
import { useScope } from '../api/scope';
import { useAuth } from '../auth/auth-context';
import { Chart } from '../components/chart';
import { QueryView } from '../components/query-view';
import { dashboardKind, visibleNav } from '../layout/nav';
import { LevelCharts, ReductionCards, levelRows } from './divisions/stats-view';

function PlansByStep({ s }: { s: Stats }) {
  const { t } = useTranslation();
  const steps = [...PLAN_STEPS, 'withdrawn' as const];
  return (
    <Card size="small" title={t('dashboard.plansByStep')}>
      <Chart
        testId="chart-plans-by-step"
        height={260}
        option={{
          tooltip: {},
          grid: { left: 40, right: 16, top: 24, bottom: 32 },
          xAxis: {
            type: 'category',
            data: steps.map((x) => t(`plan.step.${x}`)),
            axisLabel: { interval: 0 },
          },
          yAxis: { type: 'value', minInterval: 1 },
          series: [
            {
              type: 'bar',
              data: steps.map((x) => s.plans[x] ?? 0),
              label: { show: true, position: 'top' },
              itemStyle: { color: '#b71c1c' },
            },
          ],
        }}
      />
    </Card>
  );
}

function ReformProgress() {
  const { t } = useTranslation();
  const { scope } = useScope();
  const q = useQuery({
    queryKey: ['stats', scope, 'today'],
    queryFn: () => stats.summary(scope ?? ''),
    enabled: scope !== undefined,
  });
  return (
    <QueryView query={q}>
      {(s) => (
        <Space orientation="vertical" style={{ width: '100%' }} size={16}>
          <Typography.Text type="secondary">
            {t('stats.asOfValue', { date: s.asOf, baseline: s.baseline })}
          </Typography.Text>
          <ReductionCards stats={s} />
          <Row gutter={16}>
            <Col span={10}>
              <PlansByStep s={s} />
            </Col>
            <Col span={14}>
              <LevelCharts
                levels={levelRows(s).filter((r) => r.level === 'village' || r.level === 'township')}
                compact
              />
            </Col>
          </Row>
          <Card size="small" title={t('dashboard.shortcuts')}>
            <Space size="large">
              <Link to="/divisions/plans">{t('nav.plans')}</Link>
              <Link to="/divisions/stats">{t('nav.stats')}</Link>
              <Link to="/divisions/units">{t('nav.units')}</Link>
            </Space>
          </Card>
        </Space>
      )}
    </QueryView>
  );
}

export function DashboardPage() {
  const { t } = useTranslation();
  const { session } = useAuth();
  const kind = dashboardKind(session?.roles ?? []);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={16}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t(`dashboard.title.${kind}`)}
      </Typography.Title>
      {kind === 'basic' ? (
        <Result
          status="info"
          title={t('dashboard.welcome', { name: session?.displayName ?? '' })}
          extra={
            <Space>
              {visibleNav(session?.roles ?? [])
                .filter((i) => i.key !== 'dashboard')
                .map((i) => (
                  <Link key={i.key} to={i.path}>
                    {t(i.labelKey)}
                  </Link>
                ))}
            </Space>
          }
        />
      ) : (
        <ReformProgress />
      )}
    </Space>
  );
}
