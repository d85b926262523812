import { api, toQuery } from '../../lib/api';
import type { Quality, QualityRange, Range, Summary, TimeSeries, TimeSeriesQuery } from './types';

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
    /** Content quality per template version and per project: edit ratio, approvals, cost per approved item. */
    getQuality: build.query<Quality, QualityRange>({
      query: (range) => `analytics/quality/${toQuery({ ...range })}`,
      providesTags: ['Analytics', 'Content'],
    }),
  }),
});

export const { useGetSummaryQuery, useGetTimeSeriesQuery, useGetQualityQuery } = analyticsApi;
