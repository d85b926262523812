import { api, toQuery, type Page } from '../../lib/api';
import { uuid } from '../../lib/download';
import type { FeedbackRequest, Generation, GenerationFilters, GenerationRequest } from './types';

export const generationsApi = api.injectEndpoints({
  endpoints: (build) => ({
    listGenerations: build.query<Page<Generation>, GenerationFilters>({
      query: ({ page = 1, ...filters }) => `generations/${toQuery({ ...filters, page })}`,
      providesTags: (result) => [
        { type: 'Generation', id: 'LIST' },
        ...(result?.results ?? []).map((g) => ({ type: 'Generation' as const, id: g.id })),
      ],
    }),
    getGeneration: build.query<Generation, number>({
      query: (id) => `generations/${id}/`,
      providesTags: (_r, _e, id) => [{ type: 'Generation', id }],
    }),
    createGeneration: build.mutation<Generation, GenerationRequest & { idempotencyKey?: string }>({
      query: ({ idempotencyKey, ...body }) => ({
        url: 'generations/',
        method: 'POST',
        body,
        headers: { 'Idempotency-Key': idempotencyKey ?? uuid() },
      }),
      invalidatesTags: [{ type: 'Generation', id: 'LIST' }, 'Analytics'],
    }),
    cancelGeneration: build.mutation<Generation, number>({
      query: (id) => ({ url: `generations/${id}/cancel/`, method: 'POST' }),
      invalidatesTags: (_r, _e, id) => [{ type: 'Generation', id }, { type: 'Generation', id: 'LIST' }],
    }),
    retryGeneration: build.mutation<Generation, number>({
      query: (id) => ({ url: `generations/${id}/retry/`, method: 'POST', headers: { 'Idempotency-Key': uuid() } }),
      invalidatesTags: (_r, _e, id) => [{ type: 'Generation', id }, { type: 'Generation', id: 'LIST' }],
    }),
    sendFeedback: build.mutation<Generation, FeedbackRequest>({
      query: ({ id, ...body }) => ({ url: `generations/${id}/feedback/`, method: 'POST', body }),
      invalidatesTags: (_r, _e, { id }) => [{ type: 'Generation', id }],
    }),
  }),
});

export const {
  useListGenerationsQuery,
  useGetGenerationQuery,
  useCreateGenerationMutation,
  useCancelGenerationMutation,
  useRetryGenerationMutation,
  useSendFeedbackMutation,
} = generationsApi;
