import { useQuery } from '@tanstack/react-query';
import { Card, Col, Descriptions, Empty, Row, Space, Table, Tag } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { units } from '../../api/divisions.api';
import type { UnitDetail } from '../../api/divisions.types';
import { CodeHistory, UnitLinks } from './unit-history';
import { QueryView } from '../../components/query-view';
import { kindLabel, levelLabel } from './unit-labels';

function Overview({ d }: { d: UnitDetail }) {
  const { t } = useTranslation();
  const u = d.unit;
  return (
    <Card size="small" title={`${u.name}（${u.code}）`}>
      <Descriptions size="small" column={3} bordered>
        <Descriptions.Item label={t('unit.levelCol')}>{levelLabel(t, u.level)}</Descriptions.Item>
        <Descriptions.Item label={t('unit.kindCol')}>{kindLabel(t, u.kind)}</Descriptions.Item>
        <Descriptions.Item label={t('unit.statusCol')}>{t(`unit.status.${u.status}`)}</Descriptions.Item>
        <Descriptions.Item label={t('unit.validFrom')}>{u.validFrom}</Descriptions.Item>
        <Descriptions.Item label={t('unit.validTo')}>{u.validTo ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('unit.children')}>{d.childCount}</Descriptions.Item>
        <Descriptions.Item label={t('unit.seat')} span={2}>
          {u.seatAddress ?? '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('unit.tags')}>
          {u.tags.map((x) => (
            <Tag key={x}>{t(`unit.tag.${x}`, { defaultValue: x })}</Tag>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('unit.predecessors')} span={3}>
          <UnitLinks list={d.predecessors} />
        </Descriptions.Item>
        <Descriptions.Item label={t('unit.successors')} span={3}>
          <Space>
            {d.successors.length > 0 && <ArrowRightOutlined />}
            <UnitLinks list={d.successors} />
          </Space>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

export function UnitDetailPage() {
  const { code = '' } = useParams();
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['unit', code], queryFn: () => units.get(code) });
  return (
    <QueryView query={q}>
      {(d) => (
        <Space orientation="vertical" style={{ width: '100%' }} size={16}>
          <Overview d={d} />
          <Row gutter={16}>
            <Col span={12}>
              <Card size="small" title={t('unit.facts')}>
                {d.unit.facts.length === 0 ? (
                  <Empty description={t('common.empty')} />
                ) : (
                  <Table
                    rowKey="asOf"
                    size="small"
                    pagination={false}
                    dataSource={d.unit.facts}
                    columns={[
                      { title: t('unit.asOf'), dataIndex: 'asOf' },
                      { title: t('unit.population'), dataIndex: 'population', align: 'right' },
                      { title: t('unit.households'), dataIndex: 'households', align: 'right' },
                      { title: t('unit.area'), dataIndex: 'areaKm2', align: 'right' },
                    ]}
                  />
                )}
              </Card>
            </Col>
            <Col span={12}>
              <CodeHistory code={code} validTo={d.unit.validTo} />
            </Col>
          </Row>
        </Space>
      )}
    </QueryView>
  );
}
