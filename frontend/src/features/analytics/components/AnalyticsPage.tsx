import DownloadIcon from '@mui/icons-material/Download';
import { Box, Button, Paper, Stack, Tab, Tabs, ToggleButton, ToggleButtonGroup } from '@mui/material';
import { useState } from 'react';
import { defineMessages, FormattedMessage, useIntl, type MessageDescriptor } from 'react-intl';

import { useAppDispatch } from '../../../app/hooks';
import { DateField, EmptyState, ErrorState, FormError, PageHeader, SelectField } from '../../../components';
import { useLocaleSetting } from '../../../i18n';
import { toQuery } from '../../../lib/api';
import { downloadFromApi } from '../../../lib/download';
import { isNotFound, type ApiError } from '../../../lib/errors';
import { formatCost, formatMs, formatNumber, formatPercent, isoDaysAgo } from '../../../lib/format';
import { useCurrentWorkspace } from '../../accounts';
import { useGetQualityQuery, useGetSummaryQuery, useGetTimeSeriesQuery } from '../api';
import { GROUP_LABELS, METRIC_LABELS, totals } from '../chartData';
import { KPI_LABELS, LATENCY_P50, NOT_DEPLOYED } from '../messages';
import { GROUP_BYS, type GroupBy, type Interval, type Metric } from '../types';
import { ChartCard } from './DashboardPage';
import { BreakdownCard } from './BreakdownCard';
import { KpiCard } from './KpiCard';
import { QualityCard } from './QualityCard';
import { TimeSeriesChart } from './TimeSeriesChart';

const PRESETS = [7, 30, 90];

const INTERVAL_LABELS = defineMessages({
  day: { id: 'analytics.page.day', defaultMessage: 'Day' },
  hour: { id: 'analytics.page.hour', defaultMessage: 'Hour' },
}) satisfies Record<Interval, MessageDescriptor>;

export function AnalyticsPage() {
  const intl = useIntl();
  const dispatch = useAppDispatch();
  const { workspaceId } = useCurrentWorkspace();
  const [start, setStart] = useState(() => isoDaysAgo(29));
  const [end, setEnd] = useState(() => isoDaysAgo(0));
  const [metric, setMetric] = useState<Metric>('count');
  const [interval, setInterval] = useState<Interval>('day');
  const [groupBy, setGroupBy] = useState<GroupBy>('provider');
  const [downloadError, setDownloadError] = useState<ApiError | null>(null);
  const [downloading, setDownloading] = useState(false);
  const { timeZone: tz } = useLocaleSetting();
  const invalidRange = Boolean(start && end && start > end);
  const range = { workspace: workspaceId ?? 0, start, end, tz };
  const skip = !workspaceId || invalidRange;
  const summary = useGetSummaryQuery(range, { skip });
  const timeseries = useGetTimeSeriesQuery({ ...range, metric, interval, group_by: groupBy }, { skip });
  const quality = useGetQualityQuery(range, { skip });

  const download = async () => {
    setDownloading(true);
    setDownloadError(await dispatch(downloadFromApi(`analytics/reports/usage/${toQuery({ ...range, group_by: groupBy, interval })}`, `usage-${start}-${end}.csv`)));
    setDownloading(false);
  };

  const notDeployed = isNotFound(summary.error) && isNotFound(timeseries.error);
  const breakdown = timeseries.data ? totals(timeseries.data.series, metric) : [];
  const overTime = intl.formatMessage(
    {
      id: 'analytics.page.overTime',
      defaultMessage: '{metric} over time, by {groupBy, select, provider {provider} model {model} template {template} user {user} other {status}}',
    },
    { metric: intl.formatMessage(METRIC_LABELS[metric]), groupBy },
  );

  return (
    <Box>
      <PageHeader
        title={intl.formatMessage({ id: 'analytics.page.title', defaultMessage: 'Analytics' })}
        subtitle={intl.formatMessage({ id: 'analytics.page.timeZone', defaultMessage: 'Times in {timeZone}' }, { timeZone: tz })}
        actions={
          <Button startIcon={<DownloadIcon />} onClick={download} disabled={skip || downloading}>
            {downloading ? (
              <FormattedMessage id="analytics.page.preparing" defaultMessage="Preparing…" />
            ) : (
              <FormattedMessage id="analytics.page.usageReport" defaultMessage="Usage report (CSV)" />
            )}
          </Button>
        }
      />
      <FormError error={downloadError} />
      <Paper sx={{ p: 2, mb: 2 }}>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={1.5} sx={{ alignItems: { md: 'center' } }}>
          <ToggleButtonGroup
            size="small"
            exclusive
            aria-label={intl.formatMessage({ id: 'analytics.page.presets', defaultMessage: 'Preset range' })}
            value={PRESETS.find((d) => isoDaysAgo(d - 1) === start && end === isoDaysAgo(0)) ?? null}
            onChange={(_e, days: number | null) => {
              if (!days) return;
              setStart(isoDaysAgo(days - 1));
              setEnd(isoDaysAgo(0));
            }}
          >
            {PRESETS.map((d) => (
              <ToggleButton key={d} value={d}>
                <FormattedMessage id="analytics.page.presetDays" defaultMessage="{days, plural, one {# day} other {# days}}" values={{ days: d }} />
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
          <DateField
            label={intl.formatMessage({ id: 'analytics.page.from', defaultMessage: 'From' })}
            value={start}
            onChange={(e) => setStart(e.target.value)}
            error={invalidRange}
            helperText={invalidRange ? intl.formatMessage({ id: 'analytics.page.fromAfterTo', defaultMessage: 'Must be before “To”.' }) : undefined}
          />
          <DateField label={intl.formatMessage({ id: 'analytics.page.to', defaultMessage: 'To' })} value={end} onChange={(e) => setEnd(e.target.value)} />
          <SelectField label={intl.formatMessage({ id: 'analytics.page.metric', defaultMessage: 'Metric' })} value={metric} onChange={setMetric} labels={METRIC_LABELS} />
          <SelectField label={intl.formatMessage({ id: 'analytics.page.interval', defaultMessage: 'Interval' })} value={interval} onChange={setInterval} labels={INTERVAL_LABELS} />
        </Stack>
      </Paper>
      {notDeployed ? (
        <EmptyState title={intl.formatMessage(NOT_DEPLOYED)}>
          <FormattedMessage id="analytics.page.notDeployed" defaultMessage="The server does not offer analytics endpoints yet." />
        </EmptyState>
      ) : (
        <Stack spacing={2}>
          {summary.error && !isNotFound(summary.error) ? (
            <ErrorState error={summary.error} title={intl.formatMessage({ id: 'analytics.page.summaryError', defaultMessage: 'Could not load the summary' })} onRetry={summary.refetch} />
          ) : null}
          {summary.data ? (
            <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr 1fr', md: 'repeat(3, 1fr)', lg: 'repeat(6, 1fr)' } }}>
              <KpiCard label={intl.formatMessage(KPI_LABELS.generations)} value={formatNumber(summary.data.generations)} />
              <KpiCard label={intl.formatMessage(KPI_LABELS.successRate)} value={formatPercent(summary.data.success_rate)} />
              <KpiCard label={intl.formatMessage(KPI_LABELS.cacheHits)} value={formatPercent(summary.data.cache_hit_ratio)} />
              <KpiCard label={intl.formatMessage(KPI_LABELS.cost)} value={formatCost(summary.data.cost, 2)} />
              <KpiCard
                label={intl.formatMessage(KPI_LABELS.tokens)}
                value={formatNumber(summary.data.input_tokens + summary.data.output_tokens)}
                hint={intl.formatMessage(
                  { id: 'analytics.page.tokensInOut', defaultMessage: '{input} in · {output} out' },
                  { input: formatNumber(summary.data.input_tokens), output: formatNumber(summary.data.output_tokens) },
                )}
              />
              <KpiCard
                label={intl.formatMessage(KPI_LABELS.latencyP95)}
                value={formatMs(summary.data.latency_p95_ms)}
                hint={intl.formatMessage(LATENCY_P50, { latency: formatMs(summary.data.latency_p50_ms) })}
              />
            </Box>
          ) : null}
          <Tabs value={groupBy} onChange={(_e, v: GroupBy) => setGroupBy(v)} variant="scrollable" aria-label={intl.formatMessage({ id: 'analytics.page.breakDownBy', defaultMessage: 'Break down by' })}>
            {GROUP_BYS.map((g) => (
              <Tab key={g} value={g} label={intl.formatMessage(GROUP_LABELS[g])} />
            ))}
          </Tabs>
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: '3fr 2fr' } }}>
            <ChartCard title={overTime} query={timeseries}>
              {(data) => (
                <TimeSeriesChart
                  series={data.series}
                  metric={metric}
                  groupBy={groupBy}
                  interval={interval}
                  kind={metric === 'count' ? 'bar' : 'line'}
                  stacked={metric === 'count' || metric === 'cost' || metric === 'tokens'}
                  label={overTime}
                />
              )}
            </ChartCard>
            <BreakdownCard metric={metric} groupBy={groupBy} breakdown={breakdown} loading={timeseries.isLoading} />
          </Box>
          <QualityCard query={quality} />
        </Stack>
      )}
    </Box>
  );
}
