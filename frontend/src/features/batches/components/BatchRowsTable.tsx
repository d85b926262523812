import KeyboardArrowDownIcon from '@mui/icons-material/KeyboardArrowDown';
import KeyboardArrowUpIcon from '@mui/icons-material/KeyboardArrowUp';
import { Alert, Box, Collapse, IconButton, Link, MenuItem, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TablePagination, TableRow, TextField, Typography } from '@mui/material';
import { Fragment, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router';

import { EmptyState, ErrorState, LoadingState, MarkdownOutput, StatusChip, useStatusLabel } from '../../../components';
import { PAGE_SIZE } from '../../../config/constants';
import { formatCost, formatNumber, NO_VALUE } from '../../../lib/format';
import { useUrlState } from '../../../lib/useUrlState';
import { useListBatchRowsQuery } from '../api';
import { ROW_STATUSES, type BatchRow, type RowStatus } from '../types';

const ROWS_STATE = { status: '' };

function inputSummary(input: Record<string, unknown>): string {
  return Object.entries(input)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(' · ');
}

/**
 * Every input row in input order, invalid ones included; filter by status, open a row's output.
 * `progress` names the batch's counts as last seen: the rows are fetched again whenever it changes
 * (rather than polled beside the batch, where a poll just before a row's end would be the last).
 */
export function BatchRowsTable({ batch, progress }: { batch: number; progress: string }) {
  const intl = useIntl();
  const statusLabel = useStatusLabel();
  const { values, page, set, setPage } = useUrlState(ROWS_STATE);
  const { data, error, isFetching, refetch } = useListBatchRowsQuery({ id: batch, status: (values.status || undefined) as RowStatus | undefined, page, progress });
  const [open, setOpen] = useState<number | null>(null);
  return (
    <Stack spacing={1.5}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Typography variant="h2">
          <FormattedMessage id="batches.rows.title" defaultMessage="Rows" />
        </Typography>
        <TextField select size="small" label={intl.formatMessage({ id: 'batches.column.status', defaultMessage: 'Status' })} value={values.status} onChange={(e) => set({ status: e.target.value })} sx={{ minWidth: 150 }} fullWidth={false}>
          <MenuItem value="">
            <FormattedMessage id="batches.rows.allStatuses" defaultMessage="All" />
          </MenuItem>
          {ROW_STATUSES.map((s) => (
            <MenuItem key={s} value={s}>
              {statusLabel(s)}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      {error ? (
        <ErrorState error={error} title={intl.formatMessage({ id: 'batches.rows.loadFailed', defaultMessage: 'Could not load the rows' })} onRetry={refetch} />
      ) : !data ? (
        <LoadingState />
      ) : !data.results.length ? (
        <EmptyState
          title={
            values.status
              ? intl.formatMessage({ id: 'batches.rows.noneWithStatus', defaultMessage: 'No rows with status “{status}”' }, { status: statusLabel(values.status) })
              : intl.formatMessage({ id: 'batches.rows.none', defaultMessage: 'No rows' })
          }
        />
      ) : (
        <>
          <TableContainer sx={{ opacity: isFetching ? 0.7 : 1, overflowX: 'auto' }}>
            <Table size="small" aria-label={intl.formatMessage({ id: 'batches.rows.table', defaultMessage: 'Batch rows' })}>
              <TableHead>
                <TableRow>
                  <TableCell padding="checkbox" />
                  <TableCell>
                    <FormattedMessage id="batches.rowErrors.row" defaultMessage="Row" />
                  </TableCell>
                  <TableCell>
                    <FormattedMessage id="batches.column.status" defaultMessage="Status" />
                  </TableCell>
                  <TableCell>
                    <FormattedMessage id="batches.rows.input" defaultMessage="Input" />
                  </TableCell>
                  <TableCell align="right" sx={{ display: { xs: 'none', sm: 'table-cell' } }}>
                    <FormattedMessage id="batches.rows.tokens" defaultMessage="Tokens" />
                  </TableCell>
                  <TableCell align="right" sx={{ display: { xs: 'none', sm: 'table-cell' } }}>
                    <FormattedMessage id="batches.column.cost" defaultMessage="Cost" />
                  </TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {data.results.map((r) => (
                  <Fragment key={r.row}>
                    <TableRow hover>
                      <TableCell padding="checkbox">
                        <IconButton size="small" aria-label={
                            open === r.row
                              ? intl.formatMessage({ id: 'batches.rows.hide', defaultMessage: 'Hide row {row}' }, { row: r.row })
                              : intl.formatMessage({ id: 'batches.rows.show', defaultMessage: 'Show row {row}' }, { row: r.row })
                          } onClick={() => setOpen(open === r.row ? null : r.row)}>
                          {open === r.row ? <KeyboardArrowUpIcon /> : <KeyboardArrowDownIcon />}
                        </IconButton>
                      </TableCell>
                      <TableCell>{r.row}</TableCell>
                      <TableCell>
                        <StatusChip status={r.status} />
                      </TableCell>
                      <TableCell sx={{ maxWidth: 360, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{inputSummary(r.input)}</TableCell>
                      <TableCell align="right" sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{r.status === 'invalid' ? NO_VALUE : formatNumber(r.input_tokens + r.output_tokens)}</TableCell>
                      <TableCell align="right" sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{formatCost(r.cost)}</TableCell>
                    </TableRow>
                    <TableRow>
                      <TableCell colSpan={6} sx={{ py: 0, borderBottom: open === r.row ? undefined : 'none' }}>
                        <Collapse in={open === r.row} unmountOnExit>
                          <RowDetail row={r} />
                        </Collapse>
                      </TableCell>
                    </TableRow>
                  </Fragment>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
          <TablePagination component="div" count={data.count} page={page - 1} rowsPerPage={PAGE_SIZE} rowsPerPageOptions={[]} onPageChange={(_e, p) => setPage(p + 1)} />
        </>
      )}
    </Stack>
  );
}

function RowDetail({ row }: { row: BatchRow }) {
  const intl = useIntl();
  return (
    <Box sx={{ py: 1.5 }}>
      <Stack spacing={1}>
        <Typography variant="body2" sx={{ wordBreak: 'break-word' }}>
          {inputSummary(row.input)}
        </Typography>
        {row.error ? <Alert severity="error">{row.error}</Alert> : null}
        {row.output ? <MarkdownOutput text={row.output} label={intl.formatMessage({ id: 'batches.rows.output', defaultMessage: 'Output of row {row}' }, { row: row.row })} maxHeight={320} /> : null}
        {row.generation ? (
          <Link component={RouterLink} to={`/history/${row.generation}`}>
            <FormattedMessage id="batches.rows.generation" defaultMessage="Generation #{id}" values={{ id: row.generation }} />
          </Link>
        ) : null}
      </Stack>
    </Box>
  );
}
