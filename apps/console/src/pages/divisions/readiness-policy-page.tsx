import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Select, Space, Table, Tag, Typography } from 'antd';
import { READINESS_ITEMS, type ReadinessItem } from '@hebing/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { readinessPolicy, units } from '../../api/divisions.api';
import { useAuth } from '../../auth/auth-context';
import { QueryView } from '../../components/query-view';
import { ReasonModal } from '../../components/reason-modal';
import { canUse } from '../../layout/nav';
import { normalizeRequired, policyChange, policyCounties, type PolicyCounty } from './readiness-policy';

/** The items, each with whether it is required; an approver edits a draft that is saved as one change. */
function PolicyEditor({
  county,
  saved,
  canEdit,
}: {
  county: PolicyCounty;
  saved: ReadinessItem[];
  canEdit: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [draft, setDraft] = useState<ReadinessItem[]>(saved);
  const [confirming, setConfirming] = useState(false);
  const change = policyChange(saved, draft);
  const dirty = change.added.length + change.removed.length > 0;
  const toggle = (item: ReadinessItem, on: boolean) =>
    setDraft((d) => normalizeRequired(on ? [...d, item] : d.filter((i) => i !== item)));
  const label = (i: ReadinessItem) => t(`plan.readinessItem.${i}`);
  return (
    <>
      <Table<{ item: ReadinessItem }>
        size="small"
        rowKey="item"
        pagination={false}
        dataSource={READINESS_ITEMS.map((item) => ({ item }))}
        data-testid="policy-table"
        columns={[
          { title: t('readinessPolicy.item'), dataIndex: 'item', render: (i: ReadinessItem) => label(i) },
          {
            title: t('readinessPolicy.required'),
            dataIndex: 'item',
            key: 'required',
            render: (i: ReadinessItem) =>
              canEdit ? (
                <Checkbox
                  checked={draft.includes(i)}
                  onChange={(e) => toggle(i, e.target.checked)}
                  data-testid={`policy-item-${i}`}
                >
                  {t('readinessPolicy.requiredYes')}
                </Checkbox>
              ) : (
                <Tag color={saved.includes(i) ? 'orange' : 'default'} data-testid={`policy-item-${i}`}>
                  {saved.includes(i) ? t('readinessPolicy.requiredYes') : t('readinessPolicy.requiredNo')}
                </Tag>
              ),
          },
        ]}
      />
      {canEdit && (
        <Space style={{ marginTop: 12 }}>
          <Button
            type="primary"
            disabled={!dirty}
            onClick={() => setConfirming(true)}
            data-testid="policy-save"
          >
            {t('readinessPolicy.save')}
          </Button>
          <Button disabled={!dirty} onClick={() => setDraft(saved)} data-testid="policy-reset">
            {t('readinessPolicy.reset')}
          </Button>
        </Space>
      )}
      {confirming && (
        <ReasonModal<object>
          open
          title={t('readinessPolicy.confirmTitle')}
          confirmText={t('readinessPolicy.confirm', {
            county: `${county.name}（${county.code}）`,
            items: draft.length > 0 ? draft.map(label).join('、') : t('readinessPolicy.none'),
          })}
          onClose={() => setConfirming(false)}
          onSubmit={async ({ reason }) => {
            await readinessPolicy.set({ county: county.code, required: draft, reason });
            // Re-read what was saved; the editor restarts from it once the dialog has closed.
            void qc.invalidateQueries({ queryKey: ['readiness-policy', county.code] });
            // Every plan of the county now blocks on a different set.
            void qc.invalidateQueries({ queryKey: ['plan'] });
            void message.success(t('readinessPolicy.saved'));
          }}
        />
      )}
    </>
  );
}

export function ReadinessPolicyPage() {
  const { t } = useTranslation();
  const { session } = useAuth();
  const canEdit = canUse(session?.roles ?? [], 'divisions.approve');
  // The same query the scope hook uses: the roots of the user's jurisdiction.
  const roots = useQuery({ queryKey: ['units', 'roots'], queryFn: () => units.children(null) });
  const counties = policyCounties(roots.data ?? []);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const county = counties.find((c) => c.code === chosen) ?? counties[0];
  const policy = useQuery({
    queryKey: ['readiness-policy', county?.code],
    queryFn: () => readinessPolicy.get(county?.code ?? ''),
    enabled: county !== undefined,
  });
  return (
    <Card
      size="small"
      title={t('readinessPolicy.title')}
      extra={
        counties.length > 0 && (
          <Space>
            <Typography.Text>{t('readinessPolicy.county')}</Typography.Text>
            <Select
              id="policy-county"
              style={{ minWidth: 200 }}
              value={county?.code}
              onChange={setChosen}
              options={counties.map((c) => ({ value: c.code, label: `${c.name}（${c.code}）` }))}
            />
          </Space>
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('readinessPolicy.help')}</Typography.Paragraph>
      {!canEdit && (
        <Alert
          type="info"
          showIcon
          title={t('readinessPolicy.readOnly', { permission: t('permissions.divisions.approve') })}
          style={{ marginBottom: 12 }}
          data-testid="policy-read-only"
        />
      )}
      <QueryView query={roots}>
        {() =>
          county ? (
            <QueryView query={policy}>
              {(p) => (
                // Keyed by the saved set: after a save (or another county) the draft starts afresh.
                <PolicyEditor
                  key={`${county.code}:${p.required.join(',')}`}
                  county={county}
                  saved={normalizeRequired(p.required)}
                  canEdit={canEdit}
                />
              )}
            </QueryView>
          ) : (
            <Alert type="warning" showIcon title={t('readinessPolicy.noCounty')} />
          )
        }
      </QueryView>
    </Card>
  );
}
