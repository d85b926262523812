/** A list query's table: its error (with a retry), loading and empty states, then its rows, paged when the API pages them. */
import { Paper } from '@mui/material';

import { DataTable, type DataTableProps } from './DataTable';
import { QueryView, type QueryViewProps } from './QueryView';

export type { ListQuery } from './QueryView';

export function QueryTable<T>({
  query,
  list,
  empty,
  noMatch,
  errorTitle,
  loadingLabel,
  paper = false,
  ...table
}: Omit<DataTableProps<T>, 'rows' | 'fetching'> &
  QueryViewProps<T> & {
    /** The table stands on a surface of its own (a page's main list). */
    paper?: boolean;
  }) {
  return (
    <QueryView query={query} empty={empty} noMatch={noMatch} list={list} errorTitle={errorTitle} loadingLabel={loadingLabel}>
      {(rows, footer) => {
        // Without a `list` to page it, a paged answer's footer says it is not all.
        const content = (
          <>
            <DataTable {...table} rows={rows} fetching={query.isFetching} />
            {footer}
          </>
        );
        return paper ? <Paper>{content}</Paper> : content;
      }}
    </QueryView>
  );
}
