import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Progress,
  Space,
  Table,
  Typography,
  Upload,
} from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { imports } from '../../api/divisions.api';
import type { ImportJob } from '../../api/divisions.types';
import { ApiError } from '../../api/client';
import { ZReason } from '../../api/schemas';
import { useScope } from '../../api/scope';
import { ErrorAlert } from '../../components/query-view';
import { fileToBase64 } from '../../lib/download';
import { rowErrorsOf, type RowError } from '../../lib/errors';
import { zodRule } from '../../lib/zod-rules';
import { ExportButtons } from './export-buttons';

function RowErrors({ rows }: { rows: RowError[] }) {
  const { t } = useTranslation();
  return (
    <Table<RowError>
      size="small"
      rowKey={(r) => `${r.line}-${r.column}-${r.reason}`}
      dataSource={rows}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      columns={[
        { title: t('import.line'), dataIndex: 'line', width: 80 },
        { title: t('import.column'), dataIndex: 'column', width: 160 },
        { title: t('import.reason'), dataIndex: 'reason' },
      ]}
      data-testid="import-errors"
    />
  );
}

const FINAL = new Set(['done', 'failed']);

/** Progress, outcome and the per-row error report of one import job. */
function ImportJobCard({ job, error }: { job: ImportJob | undefined; error: unknown }) {
  const { t } = useTranslation();
  const status = job?.status;
  const finished = status !== undefined && FINAL.has(status);
  const rows = job?.errors ?? [];
  return (
    <Card size="small" title={t('import.progress')}>
      <Progress
        percent={Math.round(job?.progress ?? 0)}
        status={status === 'failed' ? 'exception' : finished ? 'success' : 'active'}
        data-testid="import-progress"
      />
      <Typography.Text type="secondary">{status ? t(`import.status.${status}`) : ''}</Typography.Text>
      {status === 'done' && job?.summary && (
        <Descriptions size="small" column={4} data-testid="import-result" style={{ marginTop: 8 }}>
          <Descriptions.Item label={t('import.total')}>{job.rows}</Descriptions.Item>
          <Descriptions.Item label={t('import.created')}>{job.summary.created}</Descriptions.Item>
          <Descriptions.Item label={t('import.updated')}>{job.summary.updated}</Descriptions.Item>
          <Descriptions.Item label={t('import.unchanged')}>{job.summary.unchanged}</Descriptions.Item>
        </Descriptions>
      )}
      {status === 'failed' && (
        <Alert
          type="error"
          showIcon
          title={t('import.failed', { count: rows.length })}
          description={job?.message ?? undefined}
          style={{ margin: '8px 0' }}
          data-testid="import-failed"
        />
      )}
      <ErrorAlert error={error} />
      {rows.length > 0 && <RowErrors rows={rows} />}
    </Card>
  );
}

export function ImportPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { county } = useScope();
  const [form] = Form.useForm<{ reason: string }>();
  const [file, setFile] = useState<File | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [startError, setStartError] = useState<unknown>(null);
  const [uploading, setUploading] = useState(false);
  const job = useQuery({
    queryKey: ['import', jobId],
    queryFn: () => imports.get(jobId ?? ''),
    enabled: jobId !== null,
    // Poll while the worker runs; stop once it has finished either way.
    refetchInterval: (q) => (q.state.data && FINAL.has(q.state.data.status) ? false : 500),
  });
  const status = job.data?.status;
  const finished = status !== undefined && FINAL.has(status);
  useEffect(() => {
    if (status === 'done') void qc.invalidateQueries({ queryKey: ['units'] });
  }, [status, qc]);

  const start = async () => {
    const { reason } = await form.validateFields();
    if (!file || !county) return;
    setStartError(null);
    setJobId(null);
    setUploading(true);
    try {
      const format = file.name.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
      const contentBase64 = await fileToBase64(file);
      const started = await imports.start({ county, format, fileName: file.name, contentBase64, reason });
      qc.setQueryData(['import', started.id], started);
      setJobId(started.id);
    } catch (e) {
      setStartError(e);
    } finally {
      setUploading(false);
    }
  };

  const startRows = startError instanceof ApiError ? rowErrorsOf(startError.details) : [];
  const busy = uploading || (jobId !== null && !finished);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={16}>
      <Card
        size="small"
        title={t('nav.import')}
        extra={<ExportButtons county={county} onError={setStartError} />}
      >
        <Typography.Paragraph type="secondary">
          {t('import.help', { county: county ?? '' })}
        </Typography.Paragraph>
        <Upload.Dragger
          accept=".csv,.xlsx"
          multiple={false}
          showUploadList={false}
          disabled={busy}
          beforeUpload={(f) => {
            setFile(f);
            return false; // the file travels over tRPC, not as a multipart upload
          }}
          data-testid="import-upload"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>{file ? t('import.chosen', { name: file.name }) : t('import.drop')}</p>
        </Upload.Dragger>
        <Form form={form} layout="vertical" style={{ marginTop: 12 }} onFinish={() => void start()}>
          <Form.Item
            name="reason"
            label={t('common.reason')}
            rules={[{ required: true, message: t('validation.reasonRequired') }, zodRule(ZReason)]}
          >
            <Input id="import-reason" placeholder={t('import.reasonPlaceholder')} />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            disabled={!file || !county || busy}
            loading={busy}
            data-testid="import-start"
          >
            {t('import.start')}
          </Button>
        </Form>
      </Card>
      {jobId && <ImportJobCard job={job.data} error={job.error} />}
      {startError !== null && (
        <Card size="small" title={t('import.rejected')}>
          <ErrorAlert error={startError} />
          {startRows.length > 0 && <RowErrors rows={startRows} />}
        </Card>
      )}
    </Space>
  );
}
