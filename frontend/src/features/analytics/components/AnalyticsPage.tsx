import DownloadIcon from '@mui/icons-material/Download';
import { Box, Button, MenuItem, Paper, Stack, Tab, Tabs, TextField, ToggleButton, ToggleButtonGroup } from '@mui/material';
import { useState } from 'react';

import { useAppDispatch } from '../../../app/hooks';
import { EmptyState, ErrorState, FormError, PageHeader } from '../../../components';
import { toQuery } from '../../../lib/api';
import { downloadFromApi } from '../../../lib/download';
import { isNotFound, type ApiError } from '../../../lib/errors';
import { daysAgo, formatCost, formatMs, formatNumber, formatPercent, isoDay } from '../../../lib/format';
import { useCurrentWorkspace } from '../../accounts';
import { useGetQualityQuery, useGetSummaryQuery, useGetTimeSeriesQuery } from '../api';
import { localTimeZone, METRIC_LABELS, totals } from '../chartData';
import { GROUP_BYS, METRICS, type GroupBy, type Interval, type Metric } from '../types';
import { ChartCard } from './DashboardPage';
import { BreakdownCard } from './BreakdownCard';
import { KpiCard } from './KpiCard';
import { QualityCard } from './QualityCard';
import { TimeSeriesChart } from './TimeSeriesChart';

const PRESETS = [7, 30, 90];

export function AnalyticsPage() {
  const dispatch = useAppDispatch();
  const { workspaceId } = useCurrentWorkspace();
  const [start, setStart] = useState(isoDay(daysAgo(29)));
  const [end, setEnd] = useState(isoDay(new Date()));
  const [metric, setMetric] = useState<Metric>('count');
  const [interval, setInterval] = useState<Interval>('day');
  const [groupBy, setGroupBy] = useState<GroupBy>('provider');
  const [downloadError, setDownloadError] = useState<ApiError | null>(null);
  const [downloading, setDownloading] = useState(false);
  const tz = localTimeZone();
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

  return (
    <Box>
      <PageHeader
        title="Analytics"
        subtitle={`Times in ${tz}`}
        actions={
          <Button startIcon={<DownloadIcon />} onClick={download} disabled={skip || downloading}>
            {downloading ? 'Preparing…' : 'Usage report (CSV)'}
          </Button>
        }
      />
      <FormError error={downloadError} />
      <Paper sx={{ p: 2, mb: 2 }}>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={1.5} sx={{ alignItems: { md: 'center' } }}>
          <ToggleButtonGroup
            size="small"
            exclusive
            aria-label="Preset range"
            value={PRESETS.find((d) => isoDay(daysAgo(d - 1)) === start && end === isoDay(new Date())) ?? null}
            onChange={(_e, days: number | null) => {
              if (!days) return;
              setStart(isoDay(daysAgo(days - 1)));
              setEnd(isoDay(new Date()));
            }}
          >
            {PRESETS.map((d) => (
              <ToggleButton key={d} value={d}>
                {d} days
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
          <TextField label="From" type="date" value={start} onChange={(e) => setStart(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} error={invalidRange} helperText={invalidRange ? 'Must be before “To”.' : undefined} />
          <TextField label="To" type="date" value={end} onChange={(e) => setEnd(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} />
          <TextField select label="Metric" value={metric} onChange={(e) => setMetric(e.target.value as Metric)}>
            {METRICS.map((m) => (
              <MenuItem key={m} value={m}>
                {METRIC_LABELS[m]}
              </MenuItem>
            ))}
          </TextField>
          <TextField select label="Interval" value={interval} onChange={(e) => setInterval(e.target.value as Interval)}>
            <MenuItem value="day">Day</MenuItem>
            <MenuItem value="hour">Hour</MenuItem>
          </TextField>
        </Stack>
      </Paper>
      {notDeployed ? (
        <EmptyState title="Analytics are not available yet">The server does not offer analytics endpoints yet.</EmptyState>
      ) : (
        <Stack spacing={2}>
          {summary.error && !isNotFound(summary.error) ? <ErrorState error={summary.error} title="Could not load the summary" onRetry={summary.refetch} /> : null}
          {summary.data ? (
            <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr 1fr', md: 'repeat(3, 1fr)', lg: 'repeat(6, 1fr)' } }}>
              <KpiCard label="Generations" value={formatNumber(summary.data.generations)} />
              <KpiCard label="Success rate" value={formatPercent(summary.data.success_rate)} />
              <KpiCard label="Cache hits" value={formatPercent(summary.data.cache_hit_ratio)} />
              <KpiCard label="Cost" value={formatCost(summary.data.cost, 2)} />
              <KpiCard label="Tokens" value={formatNumber(summary.data.input_tokens + summary.data.output_tokens)} hint={`${formatNumber(summary.data.input_tokens)} in · ${formatNumber(summary.data.output_tokens)} out`} />
              <KpiCard label="p95 latency" value={formatMs(summary.data.latency_p95_ms)} hint={`p50 ${formatMs(summary.data.latency_p50_ms)}`} />
            </Box>
          ) : null}
          <Tabs value={groupBy} onChange={(_e, v: GroupBy) => setGroupBy(v)} variant="scrollable" aria-label="Break down by">
            {GROUP_BYS.map((g) => (
              <Tab key={g} value={g} label={`By ${g}`} />
            ))}
          </Tabs>
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: '3fr 2fr' } }}>
            <ChartCard title={`${METRIC_LABELS[metric]} over time, by ${groupBy}`} query={timeseries}>
              {(data) => <TimeSeriesChart series={data.series} interval={interval} kind={metric === 'count' ? 'bar' : 'line'} stacked={metric === 'count' || metric === 'cost' || metric === 'tokens'} label={`${METRIC_LABELS[metric]} over time by ${groupBy}`} />}
            </ChartCard>
            <BreakdownCard metric={metric} groupBy={groupBy} breakdown={breakdown} loading={timeseries.isLoading} />
          </Box>
          <QualityCard query={quality} />
        </Stack>
      )}
    </Box>
  );
}
