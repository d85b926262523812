import { api, toQuery, type Page } from '../../lib/api';
import type { CredentialWrite, Provider, ProviderCredential } from './types';

/** Some list endpoints are paginated and some are not; accept both. */
function resultsOf<T>(data: Page<T> | T[]): T[] {
  return Array.isArray(data) ? data : data.results;
}

export const providersApi = api.injectEndpoints({
  endpoints: (build) => ({
    listProviders: build.query<Provider[], { workspace: number }>({
      query: ({ workspace }) => `providers/${toQuery({ workspace })}`,
      transformResponse: (data: Page<Provider> | Provider[]) => resultsOf(data),
      providesTags: ['Provider'],
    }),
    listCredentials: build.query<ProviderCredential[], { workspace: number }>({
      query: ({ workspace }) => `provider-credentials/${toQuery({ workspace })}`,
      transformResponse: (data: Page<ProviderCredential> | ProviderCredential[]) => resultsOf(data),
      providesTags: ['Credential'],
    }),
    createCredential: build.mutation<ProviderCredential, CredentialWrite>({
      query: (body) => ({ url: 'provider-credentials/', method: 'POST', body }),
      invalidatesTags: ['Credential', 'Provider'],
    }),
    deleteCredential: build.mutation<void, { id: number }>({
      query: ({ id }) => ({ url: `provider-credentials/${id}/`, method: 'DELETE' }),
      invalidatesTags: ['Credential', 'Provider'],
    }),
  }),
});

export const { useListProvidersQuery, useListCredentialsQuery, useCreateCredentialMutation, useDeleteCredentialMutation } = providersApi;
