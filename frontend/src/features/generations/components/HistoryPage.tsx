import { Box, Button, Link, Stack } from '@mui/material';
import { Link as RouterLink, useNavigate } from 'react-router';

import { EmptyState, PageHeader, QueryTable, StatusChip, type Column } from '../../../components';
import { formatCost, formatDateTime, formatMs, formatNumber } from '../../../lib/format';
import { useDebounced } from '../../../lib/hooks';
import { useUrlState } from '../../../lib/useUrlState';
import { useCurrentWorkspace } from '../../accounts';
import { ProviderLabel } from '../../providers';
import { useListGenerationsQuery } from '../api';
import type { Generation } from '../types';
import { HISTORY_FILTERS, HistoryFilters } from './history/HistoryFilters';

/** Day inputs give dates; the API filters on datetimes: whole days, local time. */
function dayStart(day?: string) {
  return day ? new Date(`${day}T00:00:00`).toISOString() : undefined;
}
function dayEnd(day?: string) {
  return day ? new Date(`${day}T23:59:59.999`).toISOString() : undefined;
}

const COLUMNS: Column<Generation>[] = [
  {
    key: 'id',
    header: '#',
    cell: (g) => (
      <Link component={RouterLink} to={`/history/${g.id}`} onClick={(e) => e.stopPropagation()}>
        {g.id}
      </Link>
    ),
  },
  { key: 'created', header: 'Created', hideBelow: 'sm', cell: (g) => formatDateTime(g.created_at) },
  {
    key: 'template',
    header: 'Template',
    sx: { overflowWrap: 'anywhere' },
    cell: (g) => (
      <>
        {g.template_name ?? '—'}
        {g.template_version ? ` v${g.template_version}` : ''}
      </>
    ),
  },
  { key: 'model', header: 'Provider / model', hideBelow: 'md', cell: (g) => <ProviderLabel name={g.provider} label={`${g.provider} / ${g.model}`} /> },
  {
    key: 'status',
    header: 'Status',
    cell: (g) => (
      <Stack direction="row" spacing={0.5}>
        <StatusChip status={g.status} />
        {g.cache_hit ? <StatusChip status="cache" label="cache" /> : null}
      </Stack>
    ),
  },
  { key: 'tokens', header: 'Tokens', align: 'right', hideBelow: 'md', cell: (g) => formatNumber((g.input_tokens ?? 0) + (g.output_tokens ?? 0)) },
  { key: 'cost', header: 'Cost', align: 'right', hideBelow: 'sm', cell: (g) => formatCost(g.cost) },
  { key: 'latency', header: 'Latency', align: 'right', hideBelow: 'lg', cell: (g) => formatMs(g.latency_ms) },
];

export function HistoryPage() {
  const navigate = useNavigate();
  const { workspaceId } = useCurrentWorkspace();
  const { values, page, set, setPage, reset, filtering } = useUrlState(HISTORY_FILTERS);
  const debounced = useDebounced(values, 300);
  const generations = useListGenerationsQuery(
    {
      workspace: workspaceId ?? 0,
      ...debounced,
      created_after: dayStart(debounced.created_after),
      created_before: dayEnd(debounced.created_before),
      page,
    },
    { skip: !workspaceId, pollingInterval: 15000 },
  );

  return (
    <Box>
      <PageHeader title="History" subtitle="Every generation in this workspace." />
      <HistoryFilters workspace={workspaceId} values={values} onChange={set} onClear={reset} filtering={filtering} />
      <QueryTable
        query={generations}
        label="Generations"
        columns={COLUMNS}
        rowKey={(g) => g.id}
        onRowClick={(g) => navigate(`/history/${g.id}`)}
        paper
        page={page}
        onPageChange={setPage}
        errorTitle="Could not load generations"
        loadingLabel="Loading generations…"
        empty={
          <EmptyState
            title={filtering ? 'No generations match' : 'No generations yet'}
            action={
              !filtering ? (
                <Button component={RouterLink} to="/generate" variant="contained">
                  Run a generation
                </Button>
              ) : undefined
            }
          />
        }
      />
    </Box>
  );
}
