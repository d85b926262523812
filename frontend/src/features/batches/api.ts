import { api, post, rowAndList, toQuery, uuid, type Page } from '../../lib/api';
import type { Batch, BatchCreate, BatchDryRun, BatchRow, BatchRowsQuery } from './types';

/** The upload as multipart: the file, its options, `params` as JSON. */
function batchForm({ file, params, ...fields }: BatchCreate, dryRun: boolean): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined && value !== null && value !== '') form.append(key, String(value));
  }
  form.append('dry_run', String(dryRun));
  if (params) form.append('params', JSON.stringify(params));
  form.append('file', file);
  return form;
}

export const batchesApi = api.injectEndpoints({
  endpoints: (build) => ({
    listBatches: build.query<Page<Batch>, { workspace: number; project?: number; page?: number }>({
      query: ({ workspace, project, page = 1 }) => `batches/${toQuery({ workspace, project, page })}`,
      providesTags: [{ type: 'Batch', id: 'LIST' }],
    }),
    getBatch: build.query<Batch, number>({
      query: (id) => `batches/${id}/`,
      providesTags: (_r, _e, id) => [{ type: 'Batch', id }],
    }),
    /** Validate the file and estimate its cost without running anything. */
    checkBatch: build.mutation<BatchDryRun, BatchCreate>({
      query: (batch) => ({ url: 'batches/', method: 'POST', body: batchForm(batch, true) }),
    }),
    createBatch: build.mutation<Batch, BatchCreate>({
      query: (batch) => ({ url: 'batches/', method: 'POST', body: batchForm(batch, false), headers: { 'Idempotency-Key': uuid() } }),
      invalidatesTags: [{ type: 'Batch', id: 'LIST' }],
    }),
    listBatchRows: build.query<Page<BatchRow>, BatchRowsQuery>({
      query: ({ id, status, page = 1 }) => `batches/${id}/rows/${toQuery({ status, page })}`,
      providesTags: (_r, _e, { id }) => [{ type: 'Batch', id }],
    }),
    cancelBatch: build.mutation<Batch, number>({ query: (id) => post(`batches/${id}/cancel/`), invalidatesTags: rowAndList('Batch') }),
    retryFailed: build.mutation<Batch, number>({ query: (id) => post(`batches/${id}/retry_failed/`, { idempotent: true }), invalidatesTags: rowAndList('Batch') }),
  }),
});

export const { useListBatchesQuery, useGetBatchQuery, useListBatchRowsQuery, useCheckBatchMutation, useCreateBatchMutation, useCancelBatchMutation, useRetryFailedMutation } = batchesApi;
