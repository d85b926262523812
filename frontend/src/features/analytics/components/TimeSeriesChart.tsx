import { Box } from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { LineChart } from '@mui/x-charts/LineChart';

import { EmptyState } from '../../../components';
import { formatTick } from '../../../lib/format';
import { toChartData, toChartSeries } from '../chartData';
import type { Interval, Series } from '../types';


export function TimeSeriesChart({
  series,
  interval = 'day',
  kind = 'line',
  height = 280,
  label,
  stacked,
}: {
  series: Series[];
  interval?: Interval;
  kind?: 'line' | 'bar';
  height?: number;
  label: string;
  stacked?: boolean;
}) {
  const data = toChartData(series);
  if (!data.x.length) return <EmptyState title="No data in this range" />;
  const chartSeries = toChartSeries(data, kind, Boolean(stacked));
  return (
    <Box role="img" aria-label={label} sx={{ width: '100%' }}>
      {kind === 'bar' ? (
        <BarChart height={height} xAxis={[{ scaleType: 'band', data: data.x, valueFormatter: (d: Date) => formatTick(d, interval === 'hour') }]} series={chartSeries} />
      ) : (
        <LineChart height={height} xAxis={[{ scaleType: 'time', data: data.x, valueFormatter: (d: Date) => formatTick(d, interval === 'hour') }]} series={chartSeries} />
      )}
    </Box>
  );
}
