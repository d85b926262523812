import { Skeleton } from '@mui/material';
import type { BarChartProps } from '@mui/x-charts/BarChart';
import type { LineChartProps } from '@mui/x-charts/LineChart';
import { lazy, Suspense } from 'react';

// MUI X Charts with d3 are about 100 KB gzipped, more than the rest of analytics: they come in a
// chunk of their own, so that the dashboard's KPI cards and the template page's quality card draw
// without them (benchmarks/dashboard.md). A screen with charts calls `preloadCharts` when it opens,
// so the chunk downloads beside the screen's data instead of after it.
const loadCharts = () => import('./xCharts');

export function preloadCharts(): void {
  void loadCharts();
}

const LazyBarChart = lazy(() => loadCharts().then((m) => ({ default: m.BarChart })));
const LazyLineChart = lazy(() => loadCharts().then((m) => ({ default: m.LineChart })));

/** Where a chart will be, at its height, until its code is here: the page does not jump. */
function ChartPlaceholder({ height, legend }: { height?: number; legend: boolean }) {
  return <Skeleton variant="rectangular" aria-busy="true" height={(height ?? 300) + (legend ? LEGEND_HEIGHT : 0)} />;
}

/** The legend MUI X Charts draws above the plot, outside the chart's `height` (one line, measured in Chromium). */
const LEGEND_HEIGHT = 30;

export function BarChart(props: BarChartProps) {
  return (
    <Suspense fallback={<ChartPlaceholder height={props.height} legend={!props.hideLegend} />}>
      <LazyBarChart {...props} />
    </Suspense>
  );
}

export function LineChart(props: LineChartProps) {
  return (
    <Suspense fallback={<ChartPlaceholder height={props.height} legend={!props.hideLegend} />}>
      <LazyLineChart {...props} />
    </Suspense>
  );
}
