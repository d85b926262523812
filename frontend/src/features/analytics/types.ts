export interface Summary {
  generations: number;
  success_rate: number | null;
  cache_hit_ratio: number | null;
  input_tokens: number;
  output_tokens: number;
  cost: string | number | null;
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
  average_rating: number | null;
}

export const METRICS = ['count', 'cost', 'tokens', 'latency_p95', 'error_rate'] as const;
export type Metric = (typeof METRICS)[number];
export const GROUP_BYS = ['provider', 'model', 'template', 'user', 'status'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];
export type Interval = 'day' | 'hour';

export interface SeriesPoint {
  t: string;
  value: number | string | null;
}

export interface Series {
  key: string | null;
  points: SeriesPoint[];
}

export interface TimeSeries {
  interval: Interval;
  metric: Metric;
  series: Series[];
}

export interface Range {
  workspace: number;
  start: string;
  end: string;
  tz?: string;
}
