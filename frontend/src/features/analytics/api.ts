import { api, toQuery } from '../../lib/api';
import type { GroupBy, Interval, Metric, Range, Summary, TimeSeries } from './types';

export const analyticsApi = api.injectEndpoints({
  endpoints: (build) => ({
    getSummary: build.query<Summary, Range>({
      query: (range) => `analytics/summary/${toQuery({ ...range })}`,
      providesTags: ['Analytics'],
    }),
    getTimeSeries: build.query<TimeSeries, Range & { metric: Metric; interval: Interval; group_by?: GroupBy }>({
      query: (params) => `analytics/timeseries/${toQuery({ ...params })}`,
      providesTags: ['Analytics'],
    }),
  }),
});

export const { useGetSummaryQuery, useGetTimeSeriesQuery } = analyticsApi;
