import type { AppDispatch } from '../../app/store';
import { api, toQuery, type Page } from '../../lib/api';
import type { Evaluation, EvaluationCreate, Label, LabelMove, LabelSet, VersionsAnalytics } from './types';

export const releasesApi = api.injectEndpoints({
  endpoints: (build) => ({
    listLabels: build.query<Label[], number>({
      query: (template) => `templates/${template}/labels/`,
      providesTags: (_r, _e, template) => [{ type: 'Label', id: template }],
    }),
    setLabel: build.mutation<Label, LabelSet & { template: number }>({
      query: ({ template, ...body }) => ({ url: `templates/${template}/labels/`, method: 'POST', body }),
      invalidatesTags: (_r, error, { template }) => (error ? [] : [{ type: 'Label', id: template }]),
    }),
    labelHistory: build.query<Page<LabelMove>, { template: number; name: string; page: number }>({
      query: ({ template, name, page }) => `templates/${template}/labels/${encodeURIComponent(name)}/history/${toQuery({ page })}`,
      providesTags: (_r, _e, { template }) => [{ type: 'Label', id: template }],
    }),
    createEvaluation: build.mutation<Evaluation, EvaluationCreate>({
      query: (body) => ({ url: 'evaluations/', method: 'POST', body }),
    }),
    versionAnalytics: build.query<VersionsAnalytics, number>({
      query: (template) => `analytics/versions/${toQuery({ template })}`,
      providesTags: ['Analytics'],
    }),
  }),
});

export const { useListLabelsQuery, useSetLabelMutation, useLabelHistoryQuery, useCreateEvaluationMutation, useVersionAnalyticsQuery } =
  releasesApi;

/** The template page's release sections' data (labels, figures per version), asked for with the template. */
export const prefetchReleases = (template: number) => (dispatch: AppDispatch) => {
  dispatch(releasesApi.util.prefetch('listLabels', template, {}));
  dispatch(releasesApi.util.prefetch('versionAnalytics', template, {}));
};
