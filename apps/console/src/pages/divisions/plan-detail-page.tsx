import { useQuery } from '@tanstack/react-query';
import { Card, Col, Descriptions, Empty, List, Row, Space, Steps, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { plans } from '../../api/divisions.api';
import { PLAN_STEPS, type Plan } from '../../api/divisions.types';
import { QueryView } from '../../components/query-view';
import { PlanActions } from './plan-actions';
import { PlanStatusTag } from './plan-labels';

function Overview({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  return (
    <Descriptions size="small" column={3} bordered>
      <Descriptions.Item label={t('plan.title')} span={3}>
        {plan.title}
      </Descriptions.Item>
      <Descriptions.Item label={t('plan.target')}>{plan.target.name}</Descriptions.Item>
      <Descriptions.Item label={t('plan.targetCode')}>{plan.target.code}</Descriptions.Item>
      <Descriptions.Item label={t('plan.level')}>{t(`unit.level.${plan.level}`)}</Descriptions.Item>
      <Descriptions.Item label={t('plan.sources')} span={3}>
        <Space wrap>
          {plan.sourceCodes.map((c, i) => (
            <Link key={c} to={`/divisions/units/${c}`}>
              <Tag>
                {plan.sourceNames[i] ?? ''} {c}
              </Tag>
            </Link>
          ))}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('plan.effectiveDate')}>{plan.effectiveDate}</Descriptions.Item>
      <Descriptions.Item label={t('plan.seat')}>{plan.target.seatAddress ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('plan.status')}>
        <PlanStatusTag status={plan.status} />
      </Descriptions.Item>
      {plan.target.nameOverrideReason && (
        <Descriptions.Item label={t('plan.nameOverrideReason')} span={3}>
          {plan.target.nameOverrideReason}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

function VoteCard({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('plan.vote.title')}>
      {plan.votes.length === 0 ? (
        <Empty description={t('plan.vote.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        plan.votes.map((v, i) => (
          <Descriptions
            key={i}
            size="small"
            column={2}
            title={`${v.date} ${v.body}`}
            data-testid="vote-result"
          >
            <Descriptions.Item label={t('plan.vote.members')}>{v.members}</Descriptions.Item>
            <Descriptions.Item label={t('plan.vote.present')}>{v.present}</Descriptions.Item>
            <Descriptions.Item label={t('plan.vote.for')}>{v.for}</Descriptions.Item>
            <Descriptions.Item label={t('plan.vote.against')}>{v.against}</Descriptions.Item>
            <Descriptions.Item label={t('plan.vote.passed')}>
              {v.passed ? t('common.yes') : t('common.no')}
            </Descriptions.Item>
          </Descriptions>
        ))
      )}
    </Card>
  );
}

/** A withdrawn plan shows where it stopped. */
function lastReached(plan: Plan): number {
  const reached = plan.transitions.map((tr) => PLAN_STEPS.indexOf(tr.from ?? 'draft'));
  return Math.max(0, ...reached);
}

/** What the other services report for this plan; `effective` is refused while a required item is open. */
function ReadinessCard({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['plan', plan.id, 'readiness'], queryFn: () => plans.readiness(plan.id) });
  const color = { done: 'green', open: 'orange', unreported: 'default' } as const;
  return (
    <Card size="small" title={t('plan.readiness')}>
      <QueryView query={q} isEmpty={(r) => r.items.length === 0}>
        {(r) => (
          <Space wrap data-testid="plan-readiness">
            {r.items.map((i) => (
              <Tag key={i.item} color={color[i.status]}>
                {t(`plan.readinessItem.${i.item}`)}：{t(`plan.readinessStatus.${i.status}`)}
                {i.required ? ` · ${t('plan.required')}` : ''}
              </Tag>
            ))}
          </Space>
        )}
      </QueryView>
    </Card>
  );
}

function Body({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  // An effective plan has finished every step; a withdrawn one shows where it stopped.
  const current =
    plan.status === 'withdrawn'
      ? lastReached(plan)
      : plan.status === 'effective'
        ? PLAN_STEPS.length
        : PLAN_STEPS.indexOf(plan.status);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={16}>
      <Card size="small" title={`${t('plan.detail')} · ${plan.title}`} extra={<PlanActions plan={plan} />}>
        <Steps
          size="small"
          current={current}
          status={plan.status === 'withdrawn' ? 'error' : 'process'}
          items={PLAN_STEPS.map((s) => ({ title: t(`plan.step.${s}`) }))}
          style={{ marginBottom: 16 }}
          data-testid="plan-steps"
        />
        <Overview plan={plan} />
      </Card>
      <Row gutter={16}>
        <Col span={8}>
          <Card size="small" title={t('plan.consultation.title')}>
            <List
              size="small"
              dataSource={plan.consultations}
              locale={{ emptyText: t('common.empty') }}
              renderItem={(c) => (
                <List.Item>
                  {c.date} · {t(`plan.consultation.kinds.${c.kind}`, { defaultValue: c.kind })} · {c.note}
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col span={8}>
          <VoteCard plan={plan} />
        </Col>
        <Col span={8}>
          <Card size="small" title={t('plan.transitions')}>
            <Timeline
              items={plan.transitions.map((tr, i) => ({
                key: String(i),
                children: (
                  <Typography.Text>
                    {new Date(tr.at).toLocaleString()} · {tr.actor} ·{' '}
                    {t(`plan.step.${tr.to}`, { defaultValue: tr.to })}
                    <br />
                    <Typography.Text type="secondary">{tr.reason}</Typography.Text>
                  </Typography.Text>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      <ReadinessCard plan={plan} />
    </Space>
  );
}

export function PlanDetailPage() {
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: ['plan', id], queryFn: () => plans.get(id) });
  return <QueryView query={q}>{(plan) => <Body plan={plan} />}</QueryView>;
}
