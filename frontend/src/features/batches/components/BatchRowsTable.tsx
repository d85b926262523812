import KeyboardArrowDownIcon from '@mui/icons-material/KeyboardArrowDown';
import KeyboardArrowUpIcon from '@mui/icons-material/KeyboardArrowUp';
import { Alert, Box, IconButton, Link, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router';

import { MarkdownOutput, QueryTable, StatusChip, useStatusLabel, type Column } from '../../../components';
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
  const list = useUrlState(ROWS_STATE);
  const { values, page, set } = list;
  const rows = useListBatchRowsQuery({ id: batch, status: (values.status || undefined) as RowStatus | undefined, page, progress });
  const [open, setOpen] = useState<number | null>(null);
  const columns: Column<BatchRow>[] = [
    {
      key: 'open',
      header: null,
      checkbox: true,
      cell: (r) => (
        <IconButton
          size="small"
          aria-label={
            open === r.row
              ? intl.formatMessage({ id: 'batches.rows.hide', defaultMessage: 'Hide row {row}' }, { row: r.row })
              : intl.formatMessage({ id: 'batches.rows.show', defaultMessage: 'Show row {row}' }, { row: r.row })
          }
          onClick={() => setOpen(open === r.row ? null : r.row)}
        >
          {open === r.row ? <KeyboardArrowUpIcon /> : <KeyboardArrowDownIcon />}
        </IconButton>
      ),
    },
    { key: 'row', header: <FormattedMessage id="batches.rowErrors.row" defaultMessage="Row" />, cell: (r) => r.row },
    { key: 'status', header: <FormattedMessage id="batches.column.status" defaultMessage="Status" />, cell: (r) => <StatusChip status={r.status} /> },
    {
      key: 'input',
      header: <FormattedMessage id="batches.rows.input" defaultMessage="Input" />,
      sx: { maxWidth: 360, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
      cell: (r) => inputSummary(r.input),
    },
    {
      key: 'tokens',
      header: <FormattedMessage id="batches.rows.tokens" defaultMessage="Tokens" />,
      align: 'right',
      hideBelow: 'sm',
      cell: (r) => (r.status === 'invalid' ? NO_VALUE : formatNumber(r.input_tokens + r.output_tokens)),
    },
    { key: 'cost', header: <FormattedMessage id="batches.column.cost" defaultMessage="Cost" />, align: 'right', hideBelow: 'sm', cell: (r) => formatCost(r.cost) },
  ];
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
      <QueryTable
        query={rows}
        label={intl.formatMessage({ id: 'batches.rows.table', defaultMessage: 'Batch rows' })}
        columns={columns}
        rowKey={(r) => r.row}
        hover
        list={list}
        detail={{ isOpen: (r) => open === r.row, render: (r) => <RowDetail row={r} /> }}
        errorTitle={intl.formatMessage({ id: 'batches.rows.loadFailed', defaultMessage: 'Could not load the rows' })}
        noMatch={{ title: intl.formatMessage({ id: 'batches.rows.noneWithStatus', defaultMessage: 'No rows with status “{status}”' }, { status: statusLabel(values.status) }) }}
        empty={{ title: intl.formatMessage({ id: 'batches.rows.none', defaultMessage: 'No rows' }) }}
      />
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
