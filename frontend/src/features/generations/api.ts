import { api, pageTags, post, rowAndList, toQuery, uuid, type Page } from '../../lib/api';
import type { FeedbackRequest, Generation, GenerationFilters, GenerationRequest } from './types';

export const generationsApi = api.injectEndpoints({
  endpoints: (build) => ({
    listGenerations: build.query<Page<Generation>, GenerationFilters>({
      query: ({ page = 1, ...filters }) => `generations/${toQuery({ ...filters, page })}`,
      providesTags: pageTags('Generation'),
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
    cancelGeneration: build.mutation<Generation, number>({ query: (id) => post(`generations/${id}/cancel/`), invalidatesTags: rowAndList('Generation') }),
    retryGeneration: build.mutation<Generation, number>({ query: (id) => post(`generations/${id}/retry/`, { idempotent: true }), invalidatesTags: rowAndList('Generation') }),
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
