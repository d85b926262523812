import { Alert, Box, Card, CardContent, Typography } from '@mui/material';
import { useEffect, useMemo, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { EmptyState, ErrorState, LoadingState, PageHeader } from '../../../components';
import { isNotFound } from '../../../lib/errors';
import { useLocaleSetting } from '../../../i18n';
import { formatCost, formatMs, formatNumber, formatPercent, isoDaysAgo } from '../../../lib/format';
import { useCurrentWorkspace } from '../../accounts';
import { useGetSummaryQuery, useGetTimeSeriesQuery } from '../api';
import { KPI_LABELS, LATENCY_P50, NOT_DEPLOYED } from '../messages';
import { KpiCard } from './KpiCard';
import { preloadCharts } from './lazyCharts';
import { TimeSeriesChart } from './TimeSeriesChart';

export function DashboardPage() {
  const intl = useIntl();
  const { workspaceId, membership } = useCurrentWorkspace();
  const { timeZone } = useLocaleSetting();
  const range = useMemo(() => ({ workspace: workspaceId ?? 0, start: isoDaysAgo(29), end: isoDaysAgo(0), tz: timeZone }), [workspaceId, timeZone]);
  const skip = !workspaceId;
  const summary = useGetSummaryQuery(range, { skip });
  const counts = useGetTimeSeriesQuery({ ...range, metric: 'count', interval: 'day', group_by: 'status' }, { skip });
  const cost = useGetTimeSeriesQuery({ ...range, metric: 'cost', interval: 'day' }, { skip });
  const latency = useGetTimeSeriesQuery({ ...range, metric: 'latency_p95', interval: 'day' }, { skip });

  const s = summary.data;
  const charted = Boolean(s?.generations);
  useEffect(() => {
    if (charted) preloadCharts(); // beside the charts' data, not after it
  }, [charted]);
  const countTitle = intl.formatMessage({ id: 'analytics.dashboard.countChart', defaultMessage: 'Generations per day by status' });
  const latencyTitle = intl.formatMessage({ id: 'analytics.dashboard.latencyChart', defaultMessage: 'p95 latency per day' });
  return (
    <Box>
      <PageHeader
        title={intl.formatMessage({ id: 'analytics.dashboard.title', defaultMessage: 'Dashboard' })}
        subtitle={intl.formatMessage({ id: 'analytics.dashboard.subtitle', defaultMessage: '{workspace} · last 30 days' }, { workspace: membership?.workspace.name ?? '' })}
      />
      {summary.isLoading ? (
        <LoadingState label={intl.formatMessage({ id: 'analytics.dashboard.loading', defaultMessage: 'Loading metrics…' })} />
      ) : summary.error ? (
        isNotFound(summary.error) ? (
          <EmptyState title={intl.formatMessage(NOT_DEPLOYED)}>
            <FormattedMessage id="analytics.dashboard.notDeployed" defaultMessage="The server does not offer analytics endpoints yet. Generations still work." />
          </EmptyState>
        ) : (
          <ErrorState error={summary.error} title={intl.formatMessage({ id: 'analytics.dashboard.loadError', defaultMessage: 'Could not load metrics' })} onRetry={summary.refetch} />
        )
      ) : s && s.generations === 0 ? (
        <EmptyState title={intl.formatMessage({ id: 'analytics.dashboard.empty', defaultMessage: 'No generations in the last 30 days' })}>
          <FormattedMessage id="analytics.dashboard.emptyHint" defaultMessage="Run a template from the Generate page to see metrics here." />
        </EmptyState>
      ) : s ? (
        <>
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr 1fr', md: 'repeat(4, 1fr)' }, mb: 2 }}>
            <KpiCard
              label={intl.formatMessage(KPI_LABELS.generations)}
              value={formatNumber(s.generations)}
              hint={intl.formatMessage({ id: 'analytics.dashboard.fromCache', defaultMessage: '{ratio} from cache' }, { ratio: formatPercent(s.cache_hit_ratio) })}
            />
            <KpiCard
              label={intl.formatMessage(KPI_LABELS.successRate)}
              value={formatPercent(s.success_rate)}
              hint={
                s.average_rating
                  ? intl.formatMessage({ id: 'analytics.dashboard.averageRating', defaultMessage: 'avg rating {rating}/5' }, { rating: formatNumber(s.average_rating, 1) })
                  : undefined
              }
            />
            <KpiCard
              label={intl.formatMessage(KPI_LABELS.cost)}
              value={formatCost(s.cost, 2)}
              hint={intl.formatMessage(
                { id: 'analytics.dashboard.tokens', defaultMessage: '{count, plural, one {# token} other {# tokens}}' },
                { count: s.input_tokens + s.output_tokens },
              )}
            />
            <KpiCard label={intl.formatMessage(KPI_LABELS.latencyP95)} value={formatMs(s.latency_p95_ms)} hint={intl.formatMessage(LATENCY_P50, { latency: formatMs(s.latency_p50_ms) })} />
          </Box>
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' } }}>
            <ChartCard title={countTitle} query={counts}>
              {(data) => <TimeSeriesChart series={data.series} metric="count" groupBy="status" kind="bar" stacked label={countTitle} />}
            </ChartCard>
            <ChartCard title={intl.formatMessage({ id: 'analytics.dashboard.costChart', defaultMessage: 'Cost per day (USD)' })} query={cost}>
              {(data) => <TimeSeriesChart series={data.series} metric="cost" label={intl.formatMessage({ id: 'analytics.dashboard.costChartLabel', defaultMessage: 'Cost per day' })} />}
            </ChartCard>
            <ChartCard title={latencyTitle} query={latency}>
              {(data) => <TimeSeriesChart series={data.series} metric="latency_p95" label={latencyTitle} />}
            </ChartCard>
          </Box>
        </>
      ) : null}
    </Box>
  );
}

export function ChartCard<T>({
  title,
  query,
  children,
}: {
  title: string;
  query: { data?: T; error?: unknown; isLoading: boolean; refetch: () => unknown };
  children: (data: T) => ReactNode;
}) {
  return (
    <Card>
      <CardContent>
        <Typography variant="h2" gutterBottom>
          {title}
        </Typography>
        {query.isLoading ? (
          <LoadingState />
        ) : query.error ? (
          isNotFound(query.error) ? (
            <Alert severity="info">
              <FormattedMessage id="analytics.chart.notDeployed" defaultMessage="Not available on this server yet." />
            </Alert>
          ) : (
            <ErrorState error={query.error} onRetry={() => void query.refetch()} />
          )
        ) : query.data ? (
          children(query.data)
        ) : null}
      </CardContent>
    </Card>
  );
}
