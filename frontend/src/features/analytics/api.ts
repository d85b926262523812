import { api, toQuery } from '../../lib/api';
import type { Range, Summary, TimeSeries, TimeSeriesQuery } from './types';

export const analyticsApi = api.injectEndpoints({
  endpoints: (build) => ({
    getSummary: build.query<Summary, Range>({
      query: (range) => `analytics/summary/${toQuery({ ...range })}`,
      providesTags: ['Analytics'],
    }),
    getTimeSeries: build.query<TimeSeries, TimeSeriesQuery>({
      query: (params) => `analytics/timeseries/${toQuery({ ...params })}`,
      providesTags: ['Analytics'],
    }),
  }),
});

export const { useGetSummaryQuery, useGetTimeSeriesQuery } = analyticsApi;
