import {
  Box,
  Link,
  MenuItem,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TablePagination,
  TableRow,
  TextField,
  Button,
} from '@mui/material';
import { useState } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router';

import { EmptyState, ErrorState, LoadingState, PageHeader, StatusChip } from '../../../components';
import { PAGE_SIZE } from '../../../config/constants';
import { formatCost, formatDateTime, formatMs, formatNumber } from '../../../lib/format';
import { useDebounced } from '../../../lib/hooks';
import { useCurrentWorkspace } from '../../accounts';
import { ProviderLabel, useListProvidersQuery } from '../../providers';
import { useListTemplatesQuery } from '../../templates';
import { useListGenerationsQuery } from '../api';
import { GENERATION_STATUSES, type GenerationFilters } from '../types';

type Filters = Omit<GenerationFilters, 'workspace' | 'page'>;
const EMPTY: Filters = { status: '', provider: '', model: '', template: '', cache_hit: '', created_after: '', created_before: '' };

/** Day inputs give dates; the API filters on datetimes: whole days, local time. */
function dayStart(day?: string) {
  return day ? new Date(`${day}T00:00:00`).toISOString() : undefined;
}
function dayEnd(day?: string) {
  return day ? new Date(`${day}T23:59:59.999`).toISOString() : undefined;
}

export function HistoryPage() {
  const navigate = useNavigate();
  const { workspaceId } = useCurrentWorkspace();
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [page, setPage] = useState(1);
  const debounced = useDebounced(filters, 300);
  const providers = useListProvidersQuery({ workspace: workspaceId ?? 0 }, { skip: !workspaceId });
  const templates = useListTemplatesQuery({ workspace: workspaceId ?? 0, ordering: 'name' }, { skip: !workspaceId });
  const { data, error, isLoading, isFetching, refetch } = useListGenerationsQuery(
    {
      workspace: workspaceId ?? 0,
      ...debounced,
      created_after: dayStart(debounced.created_after),
      created_before: dayEnd(debounced.created_before),
      page,
    },
    { skip: !workspaceId, pollingInterval: 15000 },
  );
  const set = (key: keyof Filters) => (value: string) => {
    setFilters((f) => ({ ...f, [key]: value }));
    setPage(1);
  };
  const filtering = Object.values(filters).some(Boolean);

  return (
    <Box>
      <PageHeader title="History" subtitle="Every generation in this workspace." />
      <Paper sx={{ p: 2, mb: 2 }}>
        <Box role="search" aria-label="Filter generations" sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr', lg: 'repeat(7, minmax(0, 1fr)) auto' } }}>
          <TextField select label="Status" value={filters.status} onChange={(e) => set('status')(e.target.value)}>
            <MenuItem value="">Any</MenuItem>
            {GENERATION_STATUSES.map((s) => (
              <MenuItem key={s} value={s}>
                {s}
              </MenuItem>
            ))}
          </TextField>
          <TextField select label="Provider" value={filters.provider} onChange={(e) => set('provider')(e.target.value)}>
            <MenuItem value="">Any</MenuItem>
            {(providers.data ?? []).map((p) => (
              <MenuItem key={p.name} value={p.name}>
                <ProviderLabel name={p.name} label={p.label} isOffline={p.is_offline} />
              </MenuItem>
            ))}
          </TextField>
          <TextField label="Model" value={filters.model} onChange={(e) => set('model')(e.target.value)} />
          <TextField select label="Template" value={String(filters.template ?? '')} onChange={(e) => set('template')(e.target.value)}>
            <MenuItem value="">Any</MenuItem>
            {(templates.data?.results ?? []).map((t) => (
              <MenuItem key={t.id} value={String(t.id)}>
                {t.name}
              </MenuItem>
            ))}
          </TextField>
          <TextField select label="Cache" value={filters.cache_hit} onChange={(e) => set('cache_hit')(e.target.value)}>
            <MenuItem value="">Any</MenuItem>
            <MenuItem value="true">Cache hits</MenuItem>
            <MenuItem value="false">Fresh calls</MenuItem>
          </TextField>
          <TextField label="From" type="date" value={filters.created_after} onChange={(e) => set('created_after')(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} />
          <TextField label="To" type="date" value={filters.created_before} onChange={(e) => set('created_before')(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} />
          <Button onClick={() => { setFilters(EMPTY); setPage(1); }} disabled={!filtering}>
            Clear
          </Button>
        </Box>
      </Paper>
      {isLoading ? (
        <LoadingState label="Loading generations…" />
      ) : error ? (
        <ErrorState error={error} title="Could not load generations" onRetry={refetch} />
      ) : !data?.results.length ? (
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
      ) : (
        <Paper>
          <TableContainer sx={{ opacity: isFetching ? 0.7 : 1 }}>
            <Table size="small" aria-label="Generations">
              <TableHead>
                <TableRow>
                  <TableCell>#</TableCell>
                  <TableCell>Created</TableCell>
                  <TableCell>Template</TableCell>
                  <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>Provider / model</TableCell>
                  <TableCell>Status</TableCell>
                  <TableCell align="right" sx={{ display: { xs: 'none', md: 'table-cell' } }}>Tokens</TableCell>
                  <TableCell align="right" sx={{ display: { xs: 'none', sm: 'table-cell' } }}>Cost</TableCell>
                  <TableCell align="right" sx={{ display: { xs: 'none', lg: 'table-cell' } }}>Latency</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {data.results.map((g) => (
                  <TableRow key={g.id} hover sx={{ cursor: 'pointer' }} onClick={() => navigate(`/history/${g.id}`)}>
                    <TableCell>
                      <Link component={RouterLink} to={`/history/${g.id}`} onClick={(e) => e.stopPropagation()}>
                        {g.id}
                      </Link>
                    </TableCell>
                    <TableCell>{formatDateTime(g.created_at)}</TableCell>
                    <TableCell>
                      {g.template_name ?? '—'}
                      {g.template_version ? ` v${g.template_version}` : ''}
                    </TableCell>
                    <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>
                      <ProviderLabel name={g.provider} label={`${g.provider} / ${g.model}`} />
                    </TableCell>
                    <TableCell>
                      <Stack direction="row" spacing={0.5}>
                        <StatusChip status={g.status} />
                        {g.cache_hit ? <StatusChip status="cache" label="cache" /> : null}
                      </Stack>
                    </TableCell>
                    <TableCell align="right" sx={{ display: { xs: 'none', md: 'table-cell' } }}>
                      {formatNumber((g.input_tokens ?? 0) + (g.output_tokens ?? 0))}
                    </TableCell>
                    <TableCell align="right" sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{formatCost(g.cost)}</TableCell>
                    <TableCell align="right" sx={{ display: { xs: 'none', lg: 'table-cell' } }}>{formatMs(g.latency_ms)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
          <TablePagination component="div" count={data.count} page={page - 1} rowsPerPage={PAGE_SIZE} rowsPerPageOptions={[]} onPageChange={(_e, p) => setPage(p + 1)} />
        </Paper>
      )}
    </Box>
  );
}
