import { Box, Button, Stack } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link as RouterLink, useNavigate } from 'react-router';

import { linkColumn, PageHeader, QueryTable, StatusChip, type Column } from '../../../components';
import { formatCost, formatDateTime, formatMs, formatNumber, NO_VALUE } from '../../../lib/format';
import { useDebounced } from '../../../lib/hooks';
import { useUrlState } from '../../../lib/useUrlState';
import { useCurrentWorkspace } from '../../accounts';
import { ProviderLabel } from '../../providers';
import { useListGenerationsQuery } from '../api';
import { providerModel, type Generation } from '../types';
import { HISTORY_FILTERS, HistoryFilters } from './history/HistoryFilters';

/** Day inputs give dates; the API filters on datetimes: whole days, local time. */
function dayStart(day?: string) {
  return day ? new Date(`${day}T00:00:00`).toISOString() : undefined;
}
function dayEnd(day?: string) {
  return day ? new Date(`${day}T23:59:59.999`).toISOString() : undefined;
}

function useColumns(): Column<Generation>[] {
  const intl = useIntl();
  return [
    linkColumn({ key: 'id', header: <FormattedMessage id="generations.history.number" defaultMessage="#" />, to: (g) => `/history/${g.id}`, text: (g) => g.id }),
    { key: 'created', header: <FormattedMessage id="generations.history.created" defaultMessage="Created" />, hideBelow: 'sm', cell: (g) => formatDateTime(g.created_at) },
    {
      key: 'template',
      header: <FormattedMessage id="generations.history.template" defaultMessage="Template" />,
      sx: { overflowWrap: 'anywhere' },
      cell: (g) =>
        g.template_name && g.template_version ? (
          <FormattedMessage id="generations.templateVersion" defaultMessage="{name} v{version}" values={{ name: g.template_name, version: g.template_version }} />
        ) : (
          (g.template_name ?? NO_VALUE)
        ),
    },
    {
      key: 'model',
      header: <FormattedMessage id="generations.history.providerModel" defaultMessage="Provider / model" />,
      hideBelow: 'md',
      cell: (g) => <ProviderLabel name={g.provider} label={providerModel(g)} />,
    },
    {
      key: 'status',
      header: <FormattedMessage id="generations.history.status" defaultMessage="Status" />,
      cell: (g) => (
        <Stack direction="row" spacing={0.5}>
          <StatusChip status={g.status} />
          {g.cache_hit ? <StatusChip status="cache" label={intl.formatMessage({ id: 'generations.history.cacheHit', defaultMessage: 'cache' })} /> : null}
        </Stack>
      ),
    },
    {
      key: 'tokens',
      header: <FormattedMessage id="generations.history.tokens" defaultMessage="Tokens" />,
      align: 'right',
      hideBelow: 'md',
      cell: (g) => formatNumber((g.input_tokens ?? 0) + (g.output_tokens ?? 0)),
    },
    { key: 'cost', header: <FormattedMessage id="generations.history.cost" defaultMessage="Cost" />, align: 'right', hideBelow: 'sm', cell: (g) => formatCost(g.cost) },
    { key: 'latency', header: <FormattedMessage id="generations.history.latency" defaultMessage="Latency" />, align: 'right', hideBelow: 'lg', cell: (g) => formatMs(g.latency_ms) },
  ];
}

export function HistoryPage() {
  const intl = useIntl();
  const columns = useColumns();
  const navigate = useNavigate();
  const { workspaceId } = useCurrentWorkspace();
  const list = useUrlState(HISTORY_FILTERS);
  const { values, page, set, reset, filtering } = list;
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
      <PageHeader
        title={intl.formatMessage({ id: 'generations.history.title', defaultMessage: 'History' })}
        subtitle={intl.formatMessage({ id: 'generations.history.subtitle', defaultMessage: 'Every generation in this workspace.' })}
      />
      <HistoryFilters workspace={workspaceId} values={values} onChange={set} onClear={reset} filtering={filtering} />
      <QueryTable
        query={generations}
        label={intl.formatMessage({ id: 'generations.history.table', defaultMessage: 'Generations' })}
        columns={columns}
        onRowClick={(g) => navigate(`/history/${g.id}`)}
        paper
        list={list}
        errorTitle={intl.formatMessage({ id: 'generations.history.error', defaultMessage: 'Could not load generations' })}
        loadingLabel={intl.formatMessage({ id: 'generations.history.loading', defaultMessage: 'Loading generations…' })}
        noMatch={{ title: intl.formatMessage({ id: 'generations.history.noMatch', defaultMessage: 'No generations match' }) }}
        empty={{
          title: intl.formatMessage({ id: 'generations.history.empty', defaultMessage: 'No generations yet' }),
          action: (
            <Button component={RouterLink} to="/generate" variant="contained">
              <FormattedMessage id="generations.history.run" defaultMessage="Run a generation" />
            </Button>
          ),
        }}
      />
    </Box>
  );
}
