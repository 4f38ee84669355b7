import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

interface Paged {
  page: number;
  pageSize: number;
}

/**
 * A list paged by the server: the filter it is fetched with, `set` to change the filter (which
 * goes back to page 1), and the props its table shares with every other paged table. The
 * previous page stays on screen while the next one loads.
 */
export function usePagedList<F extends Paged, T>(
  key: string,
  fetch: (filter: F) => Promise<{ items: T[]; total: number }>,
  initial: NoInfer<F>,
) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<F>(initial);
  const list = useQuery({
    queryKey: [key, filter],
    queryFn: () => fetch(filter),
    placeholderData: keepPreviousData,
  });
  const set = (patch: Partial<F>) => setFilter((f) => ({ ...f, page: 1, ...patch }));
  const pagination = {
    current: filter.page,
    pageSize: filter.pageSize,
    total: list.data?.total ?? 0,
    showTotal: (n: number) => t('common.total', { count: n }),
    onChange: (page: number, pageSize: number) => setFilter((f) => ({ ...f, page, pageSize })),
  };
  const table = {
    size: 'small' as const,
    loading: list.isFetching,
    dataSource: list.data?.items ?? [],
    locale: { emptyText: t('common.empty') },
    pagination,
  };
  return { filter, set, list, table };
}
