/** The analytics feature's API types: aliases of the generated schema (`lib/schema.d.ts`). */
import type { QueryOf, Schemas } from '../../lib/apiTypes';

export type Summary = Schemas['Summary'];

type TimeseriesQuery = QueryOf<'analytics_timeseries_retrieve'>;
export type Metric = NonNullable<TimeseriesQuery['metric']>;
export type GroupBy = NonNullable<TimeseriesQuery['group_by']>;
export type Interval = NonNullable<TimeseriesQuery['interval']>;
export const GROUP_BYS: readonly GroupBy[] = ['provider', 'model', 'template', 'user', 'status'];

export type Quality = Schemas['Quality'];
export type QualityRow = Schemas['QualityRow'];

export type SeriesPoint = Schemas['Point'];
export type Series = Schemas['Series'];
export type TimeSeries = Schemas['Timeseries'];

export type Range = Required<Pick<QueryOf<'analytics_summary_retrieve'>, 'workspace' | 'start' | 'end'>> &
  Pick<QueryOf<'analytics_summary_retrieve'>, 'tz'>;
/** `template` narrows it to one template's items (its page). */
export type QualityRange = Range & Pick<QueryOf<'analytics_quality_retrieve'>, 'template'>;
export type TimeSeriesQuery = Range & Pick<TimeseriesQuery, 'group_by'> & { metric: Metric; interval: Interval };
