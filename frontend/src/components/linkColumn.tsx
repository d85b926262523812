/** A table column whose cells link to the row's own page: a real link, so the keyboard opens the row too. */
import { Link } from '@mui/material';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router';

import type { Column } from './DataTable';

export function linkColumn<T>({ key, header, to, text }: { key: string; header: ReactNode; to: (row: T) => string; text: (row: T) => ReactNode }): Column<T> {
  return {
    key,
    header,
    // A row that opens on click must not open twice.
    cell: (row) => (
      <Link component={RouterLink} to={to(row)} onClick={(e) => e.stopPropagation()}>
        {text(row)}
      </Link>
    ),
  };
}
