/** A list query's states: its error (with a retry), loading and empty states, else what its rows render to. */
import { isValidElement, useEffect, type ReactElement, type ReactNode } from 'react';

import type { Page } from '../lib/api';
import { isNotFound } from '../lib/errors';
import { Pager, type ListState } from './Pager';
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
  /** What it shows instead while the list is filtered (`list.filtering`). */
  noMatch?: Empty;
  /** The page it shows of a paged answer, and the way to another (the pager under the rows). */
  list?: ListState;
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

/**
 * A page past the last (the API's 404) once rows went away, such as the only row of the last page
 * deleted: the list steps back a page, in place of this one, rather than showing an error.
 */
function usePastLastPage(list: ListState | undefined, error: unknown): boolean {
  const pastLast = Boolean(list && list.page > 1 && isNotFound(error));
  const page = list?.page ?? 1;
  const setPage = list?.setPage;
  useEffect(() => {
    if (pastLast) setPage?.(page - 1, { replace: true });
  }, [pastLast, page, setPage]);
  return pastLast;
}

/** `children` gets the rows and what goes under them: the pager of a paged answer. */
export function QueryView<T>({
  query: { data, error, refetch },
  empty,
  noMatch,
  list,
  errorTitle,
  loadingLabel,
  children,
}: QueryViewProps<T> & { children: (rows: readonly T[], footer: ReactNode) => ReactNode }) {
  const pastLast = usePastLastPage(list, error);
  if (pastLast) return <LoadingState label={loadingLabel} />;
  if (error) return <ErrorState error={error} title={errorTitle} onRetry={() => void refetch()} />;
  if (!data) return <LoadingState label={loadingLabel} />;
  const rows = Array.isArray(data) ? data : data.results;
  if (!rows.length) return <EmptyView empty={list?.filtering && noMatch ? noMatch : empty} />;
  const footer = Array.isArray(data) ? null : <Pager count={data.count} shown={rows.length} list={list} />;
  return <>{children(rows, footer)}</>;
}
