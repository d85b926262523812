/** A list query's table: its error (with a retry), loading and empty states, then its rows, paged when the API pages them. */
import { Paper } from '@mui/material';
import type { ReactNode } from 'react';

import type { Page } from '../lib/api';
import { DataTable, type DataTableProps } from './DataTable';
import { ErrorState, LoadingState } from './states';

/** What the table reads of an RTK Query list hook's result. */
export interface ListQuery<T> {
  data?: Page<T> | T[];
  error?: unknown;
  isFetching: boolean;
  refetch: () => unknown;
}

export function QueryTable<T>({
  query,
  page,
  onPageChange,
  empty,
  errorTitle,
  loadingLabel,
  paper = false,
  ...table
}: Omit<DataTableProps<T>, 'rows' | 'fetching' | 'pagination'> & {
  query: ListQuery<T>;
  /** The 1-based page shown, for a paged list. */
  page?: number;
  onPageChange?: (page: number) => void;
  empty: ReactNode;
  errorTitle?: string;
  loadingLabel?: string;
  /** The table stands on a surface of its own (a page's main list). */
  paper?: boolean;
}) {
  const { data, error, isFetching, refetch } = query;
  if (error) return <ErrorState error={error} title={errorTitle} onRetry={() => void refetch()} />;
  if (!data) return <LoadingState label={loadingLabel} />;
  const rows = Array.isArray(data) ? data : data.results;
  if (!rows.length) return <>{empty}</>;
  const pagination = !Array.isArray(data) && page && onPageChange ? { count: data.count, page, onPageChange } : undefined;
  const content = <DataTable {...table} rows={rows} fetching={isFetching} pagination={pagination} />;
  return paper ? <Paper>{content}</Paper> : content;
}
