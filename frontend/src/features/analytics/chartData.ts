/** Turn the API's series into what the chart components take: one shared x axis, aligned values. */
import { defineMessages, type MessageDescriptor } from 'react-intl';

import { formatCost, formatMs, formatNumber, formatPercent, NO_VALUE } from '../../lib/format';
import type { GroupBy, Metric, Series } from './types';

export interface ChartData {
  x: Date[];
  /** `label` is null for the series of everything (no group), which the chart names in the user's language. */
  series: { key: string; label: string | null; data: (number | null)[] }[];
}

export function toChartData(series: Series[]): ChartData {
  const times = [...new Set(series.flatMap((s) => s.points.map((p) => p.t)))].sort();
  return {
    x: times.map((t) => new Date(t)),
    series: series.map((s) => {
      const byTime = new Map(s.points.map((p) => [p.t, p.value === null ? null : Number(p.value)]));
      const key = s.key ?? 'all';
      return { key, label: s.key, data: times.map((t) => byTime.get(t) ?? null) };
    }),
  };
}

/**
 * The chart library's series. Stacked lines are drawn as filled areas, so the top edge reads as the
 * total and each band as its part (unfilled stacked lines read as separate values: a template
 * looked like $0.06 a day where it was a share of the total); a missing bucket counts as zero in a
 * stack, otherwise the bands above it would drop.
 */
export function toChartSeries(data: ChartData, kind: 'line' | 'bar', stacked: boolean) {
  return data.series.map((s) => ({
    id: s.key,
    label: s.label,
    data: stacked ? s.data.map((v) => v ?? 0) : s.data,
    ...(stacked ? { stack: 'total', ...(kind === 'line' ? { area: true } : {}) } : {}),
    ...(kind === 'line' ? { showMark: data.x.length < 40, connectNulls: !stacked } : {}),
  }));
}

/** Totals per key over the range, biggest first: the breakdown charts. */
export function totals(series: Series[], metric: Metric): { key: string; value: number }[] {
  const averaged = metric === 'latency_p95' || metric === 'error_rate';
  return series
    .map((s) => {
      const values = s.points.map((p) => Number(p.value ?? 0)).filter((v) => !Number.isNaN(v));
      const sum = values.reduce((a, b) => a + b, 0);
      return { key: s.key ?? 'unknown', value: averaged ? (values.length ? sum / values.length : 0) : sum };
    })
    .sort((a, b) => b.value - a.value);
}

export const METRIC_LABELS = defineMessages({
  count: { id: 'analytics.metric.count', defaultMessage: 'Generations' },
  cost: { id: 'analytics.metric.cost', defaultMessage: 'Cost (USD)' },
  tokens: { id: 'analytics.metric.tokens', defaultMessage: 'Tokens' },
  latency_p95: { id: 'analytics.metric.latencyP95', defaultMessage: 'p95 latency' },
  error_rate: { id: 'analytics.metric.errorRate', defaultMessage: 'Error rate' },
}) satisfies Record<Metric, MessageDescriptor>;

/** What a breakdown groups by, as a tab ("By provider"). */
export const GROUP_LABELS = defineMessages({
  provider: { id: 'analytics.groupBy.provider', defaultMessage: 'By provider' },
  model: { id: 'analytics.groupBy.model', defaultMessage: 'By model' },
  template: { id: 'analytics.groupBy.template', defaultMessage: 'By template' },
  user: { id: 'analytics.groupBy.user', defaultMessage: 'By user' },
  status: { id: 'analytics.groupBy.status', defaultMessage: 'By status' },
}) satisfies Record<GroupBy, MessageDescriptor>;

/** A metric's value in the user's locale: costs in USD, latency in ms or s, error rate in percent. */
export function formatMetric(metric: Metric, value: number | null): string {
  if (value === null) return NO_VALUE;
  if (metric === 'cost') return formatCost(value, 2);
  if (metric === 'latency_p95') return formatMs(value);
  if (metric === 'error_rate') return formatPercent(value);
  return formatNumber(value);
}
