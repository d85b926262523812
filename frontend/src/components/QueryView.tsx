/** A list query's states: its error (with a retry), loading and empty states, else what its rows render to. */
import { isValidElement, type ReactElement, type ReactNode } from 'react';

import type { Page } from '../lib/api';
import { EmptyState, ErrorState, LoadingState } from './states';

/** What is read of an RTK Query list hook's result. */
export interface ListQuery<T> {
  data?: Page<T> | T[];
  error?: unknown;
  isFetching: boolean;
  refetch: () => unknown;
}

/** An empty list's `EmptyState`: its title, a hint under it, an action (create the first one). */
export interface Empty {
  title: string;
  hint?: ReactNode;
  action?: ReactNode;
}

export interface QueryViewProps<T> {
  query: ListQuery<T>;
  /** What an empty list shows: an `EmptyState`, or an element of its own. */
  empty: Empty | ReactElement;
  /** What it shows instead while the list is filtered (`filtering`). */
  noMatch?: Empty;
  filtering?: boolean;
  errorTitle?: string;
  loadingLabel?: string;
}

function EmptyView({ empty }: { empty: Empty | ReactElement }) {
  if (isValidElement(empty)) return empty;
  const { title, hint, action } = empty;
  return (
    <EmptyState title={title} action={action}>
      {hint}
    </EmptyState>
  );
}

export function QueryView<T>({
  query: { data, error, refetch },
  empty,
  noMatch,
  filtering = false,
  errorTitle,
  loadingLabel,
  children,
}: QueryViewProps<T> & { children: (rows: readonly T[], page: Page<T> | null) => ReactNode }) {
  if (error) return <ErrorState error={error} title={errorTitle} onRetry={() => void refetch()} />;
  if (!data) return <LoadingState label={loadingLabel} />;
  const rows = Array.isArray(data) ? data : data.results;
  if (!rows.length) return <EmptyView empty={filtering && noMatch ? noMatch : empty} />;
  return <>{children(rows, Array.isArray(data) ? null : data)}</>;
}
