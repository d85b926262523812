/** The pager under a list the API pages: the same under every table and list of the dashboard. */
import { TablePagination } from '@mui/material';

import { PAGE_SIZE } from '../config/constants';
import { ShownOfCount } from './ShownOfCount';

/**
 * A paged list's place: its 1-based page (as in the API and the URL) and whether filters are on.
 * A page's main list keeps it in the URL (`useUrlState`); a panel among others, in itself (`usePage`).
 */
export interface ListState {
  page: number;
  /** `replace`: go there instead of this page, which Back should not return to (it no longer exists). */
  setPage: (page: number, options?: { replace?: boolean }) => void;
  filtering?: boolean;
}

/** Under one page of `count` rows: the pager, or without a `list` to page "Showing N of M". */
export function Pager({ count, shown, list }: { count: number; shown: number; list?: ListState }) {
  if (!list) return <ShownOfCount shown={shown} count={count} />;
  return (
    <TablePagination
      component="div"
      count={count}
      page={list.page - 1}
      rowsPerPage={PAGE_SIZE}
      rowsPerPageOptions={[]}
      onPageChange={(_event, next) => list.setPage(next + 1)}
    />
  );
}
