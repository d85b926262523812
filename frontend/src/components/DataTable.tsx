/** The dashboard's list table: a header row, one row an item, optional server-side pagination. */
import { Table, TableBody, TableCell, TableContainer, TableHead, TablePagination, TableRow } from '@mui/material';
import type { CSSProperties, ReactNode } from 'react';

import { PAGE_SIZE } from '../config/constants';

export interface Column<T> {
  /** Unique among the table's columns (React key). */
  key: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  align?: 'right';
  /** The column is hidden on screens narrower than this breakpoint. */
  hideBelow?: 'sm' | 'md' | 'lg';
  /** Extra styles of the column's body cells. */
  sx?: CSSProperties;
}

/** Pages are 1-based, as in the API and the URL. */
interface Pagination {
  count: number;
  page: number;
  onPageChange: (page: number) => void;
}

function visibility(hideBelow: Column<unknown>['hideBelow']) {
  return hideBelow ? { display: { xs: 'none', [hideBelow]: 'table-cell' } } : {};
}

export interface DataTableProps<T> {
  /** The table's accessible name. */
  label: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  /** Rows highlight under the pointer (rows that link somewhere). */
  hover?: boolean;
  /** A newer page or filter is loading: the current rows are dimmed. */
  fetching?: boolean;
  /** The whole row is a link (keep a real link in one cell for the keyboard). */
  onRowClick?: (row: T) => void;
  pagination?: Pagination;
}

export function DataTable<T>({ label, columns, rows, rowKey, hover = false, fetching = false, onRowClick, pagination }: DataTableProps<T>) {
  return (
    <>
      <TableContainer sx={{ opacity: fetching ? 0.6 : 1, overflowX: 'auto' }}>
        <Table size="small" aria-label={label}>
          <TableHead>
            <TableRow>
              {columns.map((column) => (
                <TableCell key={column.key} align={column.align} sx={visibility(column.hideBelow)}>
                  {column.header}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((row) => (
              <TableRow
                key={rowKey(row)}
                hover={hover || Boolean(onRowClick)}
                sx={onRowClick ? { cursor: 'pointer' } : undefined}
                onClick={onRowClick ? () => onRowClick(row) : undefined}
              >
                {columns.map((column) => (
                  <TableCell key={column.key} align={column.align} sx={{ ...visibility(column.hideBelow), ...column.sx }}>
                    {column.cell(row)}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {pagination ? (
        <TablePagination
          component="div"
          count={pagination.count}
          page={pagination.page - 1}
          rowsPerPage={PAGE_SIZE}
          rowsPerPageOptions={[]}
          onPageChange={(_event, next) => pagination.onPageChange(next + 1)}
        />
      ) : null}
    </>
  );
}
