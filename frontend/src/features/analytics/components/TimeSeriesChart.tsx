import { Box } from '@mui/material';
import { useIntl } from 'react-intl';

import { EmptyState } from '../../../components';
import { formatTick } from '../../../lib/format';
import { formatMetric, toChartData, toChartSeries } from '../chartData';
import type { GroupBy, Interval, Metric, Series } from '../types';
import { useSeriesName } from '../useSeriesName';
import { BarChart, LineChart } from './lazyCharts';

/** A metric over time, one series per group; dates, values and tooltips in the user's locale and time zone. */
export function TimeSeriesChart({
  series,
  metric,
  groupBy,
  interval = 'day',
  kind = 'line',
  height = 280,
  label,
  stacked,
}: {
  series: Series[];
  metric: Metric;
  /** What the series are grouped by (their names depend on it); none for one series of everything. */
  groupBy?: GroupBy | null;
  interval?: Interval;
  kind?: 'line' | 'bar';
  height?: number;
  label: string;
  stacked?: boolean;
}) {
  const intl = useIntl();
  const seriesName = useSeriesName(groupBy);
  const data = toChartData(series);
  if (!data.x.length) return <EmptyState title={intl.formatMessage({ id: 'analytics.chart.noData', defaultMessage: 'No data in this range' })} />;
  const format = (value: number | null) => formatMetric(metric, value);
  const chartSeries = toChartSeries(data, kind, Boolean(stacked)).map((s) => ({
    ...s,
    label: seriesName(s.label),
    valueFormatter: format,
  }));
  const tick = (d: Date) => formatTick(d, interval === 'hour');
  // Sized to its labels: a cost reads "US$ 0,05" in Portuguese, wider than the default axis.
  const yAxis = [{ valueFormatter: (v: number) => format(v), width: 'auto' as const }];
  return (
    <Box role="img" aria-label={label} sx={{ width: '100%' }}>
      {kind === 'bar' ? (
        <BarChart height={height} xAxis={[{ scaleType: 'band', data: data.x, valueFormatter: tick }]} yAxis={yAxis} series={chartSeries} />
      ) : (
        <LineChart height={height} xAxis={[{ scaleType: 'time', data: data.x, valueFormatter: tick }]} yAxis={yAxis} series={chartSeries} />
      )}
    </Box>
  );
}
