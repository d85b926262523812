import { Box, Button, Link, Paper, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TablePagination, TableRow } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link as RouterLink, useNavigate } from 'react-router';

import { EmptyState, ErrorState, LoadingState, PageHeader, StatusChip } from '../../../components';
import { PAGE_SIZE } from '../../../config/constants';
import { formatCost, formatDateTime, formatMs, formatNumber, NO_VALUE } from '../../../lib/format';
import { useDebounced } from '../../../lib/hooks';
import { useUrlState } from '../../../lib/useUrlState';
import { useCurrentWorkspace } from '../../accounts';
import { ProviderLabel } from '../../providers';
import { useListGenerationsQuery } from '../api';
import { providerModel } from '../types';
import { GenerationStatusChip } from './GenerationStatusChip';
import { HISTORY_FILTERS, HistoryFilters } from './history/HistoryFilters';

/** Day inputs give dates; the API filters on datetimes: whole days, local time. */
function dayStart(day?: string) {
  return day ? new Date(`${day}T00:00:00`).toISOString() : undefined;
}
function dayEnd(day?: string) {
  return day ? new Date(`${day}T23:59:59.999`).toISOString() : undefined;
}

export function HistoryPage() {
  const intl = useIntl();
  const navigate = useNavigate();
  const { workspaceId } = useCurrentWorkspace();
  const { values, page, set, setPage, reset, filtering } = useUrlState(HISTORY_FILTERS);
  const debounced = useDebounced(values, 300);
  const { data, error, isFetching, refetch } = useListGenerationsQuery(
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
      <PageHeader
        title={intl.formatMessage({ id: 'generations.history.title', defaultMessage: 'History' })}
        subtitle={intl.formatMessage({ id: 'generations.history.subtitle', defaultMessage: 'Every generation in this workspace.' })}
      />
      <HistoryFilters workspace={workspaceId} values={values} onChange={set} onClear={reset} filtering={filtering} />
      {error ? (
        <ErrorState error={error} title={intl.formatMessage({ id: 'generations.history.error', defaultMessage: 'Could not load generations' })} onRetry={refetch} />
      ) : !data ? (
        <LoadingState label={intl.formatMessage({ id: 'generations.history.loading', defaultMessage: 'Loading generations…' })} />
      ) : !data.results.length ? (
        <EmptyState
          title={
            filtering
              ? intl.formatMessage({ id: 'generations.history.noMatch', defaultMessage: 'No generations match' })
              : intl.formatMessage({ id: 'generations.history.empty', defaultMessage: 'No generations yet' })
          }
          action={
            !filtering ? (
              <Button component={RouterLink} to="/generate" variant="contained">
                <FormattedMessage id="generations.history.run" defaultMessage="Run a generation" />
              </Button>
            ) : undefined
          }
        />
      ) : (
        <Paper>
          <TableContainer sx={{ opacity: isFetching ? 0.7 : 1, overflowX: 'auto' }}>
            <Table size="small" aria-label={intl.formatMessage({ id: 'generations.history.table', defaultMessage: 'Generations' })}>
              <TableHead>
                <TableRow>
                  <TableCell>
                    <FormattedMessage id="generations.history.number" defaultMessage="#" />
                  </TableCell>
                  <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}><FormattedMessage id="generations.history.created" defaultMessage="Created" /></TableCell>
                  <TableCell><FormattedMessage id="generations.history.template" defaultMessage="Template" /></TableCell>
                  <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}><FormattedMessage id="generations.history.providerModel" defaultMessage="Provider / model" /></TableCell>
                  <TableCell><FormattedMessage id="generations.history.status" defaultMessage="Status" /></TableCell>
                  <TableCell align="right" sx={{ display: { xs: 'none', md: 'table-cell' } }}><FormattedMessage id="generations.history.tokens" defaultMessage="Tokens" /></TableCell>
                  <TableCell align="right" sx={{ display: { xs: 'none', sm: 'table-cell' } }}><FormattedMessage id="generations.history.cost" defaultMessage="Cost" /></TableCell>
                  <TableCell align="right" sx={{ display: { xs: 'none', lg: 'table-cell' } }}><FormattedMessage id="generations.history.latency" defaultMessage="Latency" /></TableCell>
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
                    <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{formatDateTime(g.created_at)}</TableCell>
                    <TableCell sx={{ overflowWrap: 'anywhere' }}>
                      {g.template_name && g.template_version ? (
                        <FormattedMessage id="generations.templateVersion" defaultMessage="{name} v{version}" values={{ name: g.template_name, version: g.template_version }} />
                      ) : (
                        (g.template_name ?? NO_VALUE)
                      )}
                    </TableCell>
                    <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>
                      <ProviderLabel name={g.provider} label={providerModel(g)} />
                    </TableCell>
                    <TableCell>
                      <Stack direction="row" spacing={0.5}>
                        <GenerationStatusChip status={g.status} />
                        {g.cache_hit ? <StatusChip status="cache" label={intl.formatMessage({ id: 'generations.history.cacheHit', defaultMessage: 'cache' })} /> : null}
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
