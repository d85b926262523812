import KeyboardArrowDownIcon from '@mui/icons-material/KeyboardArrowDown';
import KeyboardArrowUpIcon from '@mui/icons-material/KeyboardArrowUp';
import { Alert, Box, Collapse, IconButton, Link, MenuItem, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TablePagination, TableRow, TextField, Typography } from '@mui/material';
import { Fragment, useState } from 'react';
import { Link as RouterLink } from 'react-router';

import { EmptyState, ErrorState, LoadingState, MarkdownOutput, StatusChip } from '../../../components';
import { PAGE_SIZE } from '../../../config/constants';
import { formatCost, formatNumber } from '../../../lib/format';
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
  const { values, page, set, setPage } = useUrlState(ROWS_STATE);
  const { data, error, isFetching, refetch } = useListBatchRowsQuery({ id: batch, status: (values.status || undefined) as RowStatus | undefined, page, progress });
  const [open, setOpen] = useState<number | null>(null);
  return (
    <Stack spacing={1.5}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Typography variant="h2">Rows</Typography>
        <TextField select size="small" label="Status" value={values.status} onChange={(e) => set({ status: e.target.value })} sx={{ minWidth: 150 }} fullWidth={false}>
          <MenuItem value="">All</MenuItem>
          {ROW_STATUSES.map((s) => (
            <MenuItem key={s} value={s}>
              {s}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      {error ? (
        <ErrorState error={error} title="Could not load the rows" onRetry={refetch} />
      ) : !data ? (
        <LoadingState />
      ) : !data.results.length ? (
        <EmptyState title={values.status ? `No ${values.status} rows` : 'No rows'} />
      ) : (
        <>
          <TableContainer sx={{ opacity: isFetching ? 0.7 : 1, overflowX: 'auto' }}>
            <Table size="small" aria-label="Batch rows">
              <TableHead>
                <TableRow>
                  <TableCell padding="checkbox" />
                  <TableCell>Row</TableCell>
                  <TableCell>Status</TableCell>
                  <TableCell>Input</TableCell>
                  <TableCell align="right" sx={{ display: { xs: 'none', sm: 'table-cell' } }}>Tokens</TableCell>
                  <TableCell align="right" sx={{ display: { xs: 'none', sm: 'table-cell' } }}>Cost</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {data.results.map((r) => (
                  <Fragment key={r.row}>
                    <TableRow hover>
                      <TableCell padding="checkbox">
                        <IconButton size="small" aria-label={`${open === r.row ? 'Hide' : 'Show'} row ${r.row}`} onClick={() => setOpen(open === r.row ? null : r.row)}>
                          {open === r.row ? <KeyboardArrowUpIcon /> : <KeyboardArrowDownIcon />}
                        </IconButton>
                      </TableCell>
                      <TableCell>{r.row}</TableCell>
                      <TableCell>
                        <StatusChip status={r.status} />
                      </TableCell>
                      <TableCell sx={{ maxWidth: 360, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{inputSummary(r.input)}</TableCell>
                      <TableCell align="right" sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{r.status === 'invalid' ? '—' : formatNumber(r.input_tokens + r.output_tokens)}</TableCell>
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
  return (
    <Box sx={{ py: 1.5 }}>
      <Stack spacing={1}>
        <Typography variant="body2" sx={{ wordBreak: 'break-word' }}>
          {inputSummary(row.input)}
        </Typography>
        {row.error ? <Alert severity="error">{row.error}</Alert> : null}
        {row.output ? <MarkdownOutput text={row.output} label={`Output of row ${row.row}`} maxHeight={320} /> : null}
        {row.generation ? (
          <Link component={RouterLink} to={`/history/${row.generation}`}>
            Generation #{row.generation}
          </Link>
        ) : null}
      </Stack>
    </Box>
  );
}
