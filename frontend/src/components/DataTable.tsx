/** The dashboard's list table: a header row, one row an item (a paged list's pager is `Pager`). */
import { Collapse, Table, TableBody, TableCell, TableContainer, TableHead, TableRow } from '@mui/material';
import { Fragment, type CSSProperties, type ReactNode } from 'react';

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
  /** The column's cells name their row (`<th scope="row">`). */
  rowHeader?: boolean;
  /** A narrow column holding one icon button. */
  checkbox?: boolean;
}

function visibility(hideBelow: Column<unknown>['hideBelow']) {
  return hideBelow ? { display: { xs: 'none', [hideBelow]: 'table-cell' } } : {};
}

export interface DataTableProps<T> {
  /** The table's accessible name. */
  label: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  /** The row's React key: its `id` unless told otherwise. */
  rowKey?: (row: T) => string | number;
  /** Rows highlight under the pointer (rows that link somewhere). */
  hover?: boolean;
  /** A newer page or filter is loading: the current rows are dimmed. */
  fetching?: boolean;
  /** The whole row is a link (keep a real link in one cell for the keyboard). */
  onRowClick?: (row: T) => void;
  /** The table scrolls below this height, its header staying in view. */
  maxHeight?: number;
  /** A row can open a full-width detail below it. */
  detail?: { isOpen: (row: T) => boolean; render: (row: T) => ReactNode };
}

function idOf(row: unknown): string | number {
  return (row as { id: string | number }).id;
}

function cellProps<T>(column: Column<T>) {
  return { align: column.align, padding: column.checkbox ? ('checkbox' as const) : undefined };
}

export function DataTable<T>({ label, columns, rows, rowKey = idOf, hover = false, fetching = false, onRowClick, maxHeight, detail }: DataTableProps<T>) {
  return (
    <TableContainer sx={{ opacity: fetching ? 0.6 : 1, overflowX: 'auto', maxHeight }}>
      <Table size="small" stickyHeader={maxHeight !== undefined} aria-label={label}>
        <TableHead>
          <TableRow>
            {columns.map((column) => (
              <TableCell key={column.key} {...cellProps(column)} sx={visibility(column.hideBelow)}>
                {column.header}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row) => (
            <Fragment key={rowKey(row)}>
              <TableRow hover={hover || Boolean(onRowClick)} sx={onRowClick ? { cursor: 'pointer' } : undefined} onClick={onRowClick ? () => onRowClick(row) : undefined}>
                {columns.map((column) => (
                  <TableCell
                    key={column.key}
                    {...cellProps(column)}
                    {...(column.rowHeader ? { component: 'th', scope: 'row' } : {})}
                    sx={{ ...visibility(column.hideBelow), ...column.sx }}
                  >
                    {column.cell(row)}
                  </TableCell>
                ))}
              </TableRow>
              {detail ? (
                <TableRow>
                  <TableCell colSpan={columns.length} sx={{ py: 0, borderBottom: detail.isOpen(row) ? undefined : 'none' }}>
                    <Collapse in={detail.isOpen(row)} unmountOnExit>
                      {detail.render(row)}
                    </Collapse>
                  </TableCell>
                </TableRow>
              ) : null}
            </Fragment>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
