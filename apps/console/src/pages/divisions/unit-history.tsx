import { useQuery } from '@tanstack/react-query';
import { Card, Space, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { history } from '../../api/divisions.api';
import type { Unit } from '../../api/divisions.types';
import { QueryView } from '../../components/query-view';

export function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function UnitLinks({ list }: { list: Unit[] }) {
  const { t } = useTranslation();
  if (list.length === 0) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <Space wrap>
      {list.map((u) => (
        <Link key={u.id} to={`/divisions/units/${u.code}`}>
          <Tag color={u.status === 'active' ? 'green' : 'default'}>
            {u.name} {u.code}
          </Tag>
        </Link>
      ))}
    </Space>
  );
}

/** `YYYY-MM-DD` minus one day (calendar arithmetic in UTC, no time zone involved). */
export function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Every event the code went through, and the successor chain from the record to today's unit.
 * An abolished unit is looked up on its last valid day, so the chain starts from it.
 */
export function CodeHistory({ code, validTo }: { code: string; validTo: string | null }) {
  const { t } = useTranslation();
  const date = validTo ? dayBefore(validTo) : today();
  const q = useQuery({ queryKey: ['history', code, date], queryFn: () => history.lookup(code, date) });
  return (
    <Card size="small" title={t('unit.history')} data-testid="unit-history">
      <QueryView query={q}>
        {(h) => (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {h.events.length === 0 ? (
              <Typography.Text type="secondary">{t('common.empty')}</Typography.Text>
            ) : (
              <Timeline
                items={h.events.map((e, i) => ({
                  key: `${e.date}-${i}`,
                  children: (
                    <span>
                      <b>{e.date}</b> {t(`history.event.${e.event}`, { defaultValue: e.event })} {e.code}
                      {e.relatedCodes.length > 0 ? ` ↔ ${e.relatedCodes.join('、')}` : ''}
                      {e.note ? <Typography.Text type="secondary"> · {e.note}</Typography.Text> : null}
                    </span>
                  ),
                }))}
              />
            )}
            <div>
              <Typography.Text type="secondary">{t('unit.chain')}</Typography.Text>{' '}
              <span data-testid="successor-chain">
                {h.chain.map((u, i) => (
                  <span key={u.id}>
                    {i > 0 && ' → '}
                    <Link to={`/divisions/units/${u.code}`}>{u.name}</Link>
                  </span>
                ))}
              </span>
            </div>
            <div>
              <Typography.Text type="secondary">{t('unit.currentlyIs')}</Typography.Text>{' '}
              <UnitLinks list={h.now} />
            </div>
          </Space>
        )}
      </QueryView>
    </Card>
  );
}
