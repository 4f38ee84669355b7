import { useQuery } from '@tanstack/react-query';
import { Button, Card, Collapse, Input, Space, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { stats } from '../../api/divisions.api';
import { useScope } from '../../api/scope';
import { ErrorAlert, QueryView } from '../../components/query-view';
import { downloadBase64 } from '../../lib/download';
import { LevelCharts, LevelTable, ReductionCards, levelRows } from './stats-view';

export function StatsPage() {
  const { t } = useTranslation();
  const { scope, error: scopeError } = useScope();
  const [asOf, setAsOf] = useState<string | undefined>(undefined);
  const q = useQuery({
    queryKey: ['stats', scope, asOf ?? 'today'],
    queryFn: () => stats.summary(scope ?? '', asOf),
    enabled: scope !== undefined,
  });
  const [exportError, setExportError] = useState<unknown>(null);
  const [exporting, setExporting] = useState(false);
  const doExport = async () => {
    if (!scope) return;
    setExporting(true);
    setExportError(null);
    try {
      downloadBase64(await stats.export(scope, asOf));
    } catch (e) {
      setExportError(e);
    } finally {
      setExporting(false);
    }
  };
  return (
    <Card
      size="small"
      title={t('nav.stats')}
      extra={
        <Space>
          <label htmlFor="stats-asof">{t('stats.asOf')}</label>
          <Input
            type="date"
            id="stats-asof"
            style={{ width: 160 }}
            onChange={(e) => setAsOf(e.target.value || undefined)}
          />
          <Button
            icon={<DownloadOutlined />}
            loading={exporting}
            disabled={!scope}
            onClick={() => void doExport()}
            data-testid="stats-export"
          >
            {t('stats.export')}
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={exportError ?? scopeError} />
      <QueryView query={q} isEmpty={(s) => s.rows.length === 0}>
        {(s) => (
          <Space orientation="vertical" style={{ width: '100%' }} size={16}>
            <Typography.Text type="secondary">
              {t('stats.asOfValue', { date: s.asOf, baseline: s.baseline })}
            </Typography.Text>
            <ReductionCards stats={s} />
            <LevelCharts levels={levelRows(s)} />
            <LevelTable levels={s.rows} />
            {s.breakdown.length > 0 && (
              <Collapse
                items={s.breakdown.map((b) => ({
                  key: b.code,
                  label: `${b.name}（${b.code}）`,
                  children: <LevelTable levels={b.rows} />,
                }))}
              />
            )}
          </Space>
        )}
      </QueryView>
    </Card>
  );
}
