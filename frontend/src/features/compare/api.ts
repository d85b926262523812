import { api, uuid } from '../../lib/api';
import type { Comparison, ComparisonCreate } from './types';

export const compareApi = api.injectEndpoints({
  endpoints: (build) => ({
    createComparison: build.mutation<Comparison, ComparisonCreate>({
      query: (body) => ({ url: 'comparisons/', method: 'POST', body, headers: { 'Idempotency-Key': uuid() } }),
      invalidatesTags: [{ type: 'Generation', id: 'LIST' }],
    }),
  }),
});

export const { useCreateComparisonMutation } = compareApi;
