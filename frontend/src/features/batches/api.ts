import { api, toQuery, type Page } from '../../lib/api';
import { uuid } from '../../lib/download';
import type { Batch, BatchCreate } from './types';

export const batchesApi = api.injectEndpoints({
  endpoints: (build) => ({
    listBatches: build.query<Page<Batch>, { workspace: number; page?: number }>({
      query: ({ workspace, page = 1 }) => `batches/${toQuery({ workspace, page })}`,
      providesTags: [{ type: 'Batch', id: 'LIST' }],
    }),
    getBatch: build.query<Batch, number>({
      query: (id) => `batches/${id}/`,
      providesTags: (_r, _e, id) => [{ type: 'Batch', id }],
    }),
    createBatch: build.mutation<Batch, BatchCreate>({
      query: ({ file, params, ...fields }) => {
        const form = new FormData();
        for (const [key, value] of Object.entries(fields)) {
          if (value !== undefined && value !== '') form.append(key, String(value));
        }
        if (params) form.append('params', JSON.stringify(params));
        form.append('file', file);
        return { url: 'batches/', method: 'POST', body: form, headers: fields.dry_run ? {} : { 'Idempotency-Key': uuid() } };
      },
      invalidatesTags: (_r, _e, arg) => (arg.dry_run ? [] : [{ type: 'Batch', id: 'LIST' }]),
    }),
    cancelBatch: build.mutation<Batch, number>({
      query: (id) => ({ url: `batches/${id}/cancel/`, method: 'POST' }),
      invalidatesTags: (_r, _e, id) => [{ type: 'Batch', id }, { type: 'Batch', id: 'LIST' }],
    }),
    retryFailed: build.mutation<Batch, number>({
      query: (id) => ({ url: `batches/${id}/retry_failed/`, method: 'POST', headers: { 'Idempotency-Key': uuid() } }),
      invalidatesTags: (_r, _e, id) => [{ type: 'Batch', id }, { type: 'Batch', id: 'LIST' }],
    }),
  }),
});

export const { useListBatchesQuery, useGetBatchQuery, useCreateBatchMutation, useCancelBatchMutation, useRetryFailedMutation } = batchesApi;
