import { Alert, Box, Card, CardContent, Typography } from '@mui/material';
import { useMemo, type ReactNode } from 'react';

import { EmptyState, ErrorState, LoadingState, PageHeader } from '../../../components';
import { isNotFound } from '../../../lib/errors';
import { daysAgo, formatCost, formatMs, formatNumber, formatPercent, isoDay } from '../../../lib/format';
import { useCurrentWorkspace } from '../../accounts';
import { useGetSummaryQuery, useGetTimeSeriesQuery } from '../api';
import { localTimeZone } from '../chartData';
import { KpiCard } from './KpiCard';
import { TimeSeriesChart } from './TimeSeriesChart';

export function DashboardPage() {
  const { workspaceId, membership } = useCurrentWorkspace();
  const range = useMemo(() => ({ workspace: workspaceId ?? 0, start: isoDay(daysAgo(29)), end: isoDay(new Date()), tz: localTimeZone() }), [workspaceId]);
  const skip = !workspaceId;
  const summary = useGetSummaryQuery(range, { skip });
  const counts = useGetTimeSeriesQuery({ ...range, metric: 'count', interval: 'day', group_by: 'status' }, { skip });
  const cost = useGetTimeSeriesQuery({ ...range, metric: 'cost', interval: 'day' }, { skip });
  const latency = useGetTimeSeriesQuery({ ...range, metric: 'latency_p95', interval: 'day' }, { skip });

  const s = summary.data;
  return (
    <Box>
      <PageHeader title="Dashboard" subtitle={`${membership?.workspace.name ?? ''} · last 30 days`} />
      {summary.isLoading ? (
        <LoadingState label="Loading metrics…" />
      ) : summary.error ? (
        isNotFound(summary.error) ? (
          <EmptyState title="Analytics are not available yet">The server does not offer analytics endpoints yet. Generations still work.</EmptyState>
        ) : (
          <ErrorState error={summary.error} title="Could not load metrics" onRetry={summary.refetch} />
        )
      ) : s && s.generations === 0 ? (
        <EmptyState title="No generations in the last 30 days">Run a template from the Generate page to see metrics here.</EmptyState>
      ) : s ? (
        <>
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr 1fr', md: 'repeat(4, 1fr)' }, mb: 2 }}>
            <KpiCard label="Generations" value={formatNumber(s.generations)} hint={`${formatPercent(s.cache_hit_ratio)} from cache`} />
            <KpiCard label="Success rate" value={formatPercent(s.success_rate)} hint={s.average_rating ? `avg rating ${s.average_rating.toFixed(1)}/5` : undefined} />
            <KpiCard label="Cost" value={formatCost(s.cost, 2)} hint={`${formatNumber(s.input_tokens + s.output_tokens)} tokens`} />
            <KpiCard label="p95 latency" value={formatMs(s.latency_p95_ms)} hint={`p50 ${formatMs(s.latency_p50_ms)}`} />
          </Box>
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' } }}>
            <ChartCard title="Generations per day by status" query={counts}>
              {(data) => <TimeSeriesChart series={data.series} kind="bar" stacked label="Generations per day by status" />}
            </ChartCard>
            <ChartCard title="Cost per day (USD)" query={cost}>
              {(data) => <TimeSeriesChart series={data.series} label="Cost per day" />}
            </ChartCard>
            <ChartCard title="p95 latency per day (ms)" query={latency}>
              {(data) => <TimeSeriesChart series={data.series} label="p95 latency per day" />}
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
            <Alert severity="info">Not available on this server yet.</Alert>
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
