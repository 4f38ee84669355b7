import type { UseQueryResult } from '@tanstack/react-query';
import { Alert, Button, Empty, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../lib/errors';

/** Loading, error (with retry) and empty states in one place, so every page shows them alike. */
export function QueryView<T>({
  query,
  isEmpty,
  children,
}: {
  query: UseQueryResult<T>;
  isEmpty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (query.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (query.isError)
    return (
      <Alert
        type="error"
        showIcon
        title={errorText(query.error, t)}
        action={
          <Button size="small" onClick={() => void query.refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  if (isEmpty?.(query.data)) return <Empty description={t('common.empty')} />;
  return <>{children(query.data)}</>;
}

export function ErrorAlert({ error, testId = 'error-alert' }: { error: unknown; testId?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      title={errorText(error, t)}
      style={{ marginBottom: 12 }}
      data-testid={testId}
    />
  );
}
