/** A list query's table: its error (with a retry), loading and empty states, then its rows, paged when the API pages them. */
import { Paper } from '@mui/material';

import { DataTable, type DataTableProps } from './DataTable';
import { QueryView, type QueryViewProps } from './QueryView';
import { ShownOfCount } from './ShownOfCount';

export type { ListQuery } from './QueryView';

/** A paged list's place, as `useUrlState` keeps it: the 1-based page, and whether filters are on. */
interface ListState {
  page: number;
  setPage: (page: number) => void;
  filtering?: boolean;
}

export function QueryTable<T>({
  query,
  list,
  empty,
  noMatch,
  errorTitle,
  loadingLabel,
  paper = false,
  ...table
}: Omit<DataTableProps<T>, 'rows' | 'fetching' | 'pagination'> &
  Omit<QueryViewProps<T>, 'filtering'> & {
    list?: ListState;
    /** The table stands on a surface of its own (a page's main list). */
    paper?: boolean;
  }) {
  return (
    <QueryView query={query} empty={empty} noMatch={noMatch} filtering={list?.filtering} errorTitle={errorTitle} loadingLabel={loadingLabel}>
      {(rows, paged) => {
        const pagination = paged && list ? { count: paged.count, page: list.page, onPageChange: list.setPage } : undefined;
        // Without a `list` to page it, a paged answer's first page says it is not all.
        const content = (
          <>
            <DataTable {...table} rows={rows} fetching={query.isFetching} pagination={pagination} />
            {paged && !list ? <ShownOfCount shown={rows.length} count={paged.count} /> : null}
          </>
        );
        return paper ? <Paper>{content}</Paper> : content;
      }}
    </QueryView>
  );
}
