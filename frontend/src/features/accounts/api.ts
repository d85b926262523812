import type { Role } from '../../config/constants';
import { api, type Page } from '../../lib/api';
import type { ApiKey, ApiKeyCreated, Me, Member, TokenPair, Workspace } from './types';

export const accountsApi = api.injectEndpoints({
  endpoints: (build) => ({
    signIn: build.mutation<TokenPair, { email: string; password: string }>({
      query: (body) => ({ url: 'auth/token/', method: 'POST', body }),
    }),
    signOut: build.mutation<void, { refresh: string }>({
      query: (body) => ({ url: 'auth/logout/', method: 'POST', body }),
    }),
    getMe: build.query<Me, void>({
      query: () => 'me/',
      providesTags: ['Me'],
    }),
    listWorkspaces: build.query<Page<Workspace>, void>({
      query: () => 'workspaces/',
      providesTags: ['Workspace'],
    }),
    createWorkspace: build.mutation<Workspace, { name: string; slug?: string }>({
      query: (body) => ({ url: 'workspaces/', method: 'POST', body }),
      invalidatesTags: ['Workspace', 'Me'],
    }),
    updateWorkspace: build.mutation<Workspace, { id: number; name?: string; slug?: string }>({
      query: ({ id, ...body }) => ({ url: `workspaces/${id}/`, method: 'PATCH', body }),
      invalidatesTags: ['Workspace', 'Me'],
    }),
    listMembers: build.query<Page<Member>, { workspace: number; page?: number }>({
      query: ({ workspace, page = 1 }) => `workspaces/${workspace}/members/?page=${page}`,
      providesTags: ['Member'],
    }),
    inviteMember: build.mutation<Member, { workspace: number; email: string; role: Role }>({
      query: ({ workspace, ...body }) => ({ url: `workspaces/${workspace}/members/`, method: 'POST', body }),
      invalidatesTags: ['Member'],
    }),
    updateMember: build.mutation<Member, { workspace: number; userId: number; role: Role }>({
      query: ({ workspace, userId, role }) => ({
        url: `workspaces/${workspace}/members/${userId}/`,
        method: 'PATCH',
        body: { role },
      }),
      invalidatesTags: ['Member', 'Me'],
    }),
    removeMember: build.mutation<void, { workspace: number; userId: number }>({
      query: ({ workspace, userId }) => ({ url: `workspaces/${workspace}/members/${userId}/`, method: 'DELETE' }),
      invalidatesTags: ['Member', 'Me'],
    }),
    listApiKeys: build.query<Page<ApiKey>, { workspace: number; page?: number }>({
      query: ({ workspace, page = 1 }) => `workspaces/${workspace}/api-keys/?page=${page}`,
      providesTags: ['ApiKey'],
    }),
    createApiKey: build.mutation<ApiKeyCreated, { workspace: number; name: string; role: Role; expires_at?: string | null }>({
      query: ({ workspace, ...body }) => ({ url: `workspaces/${workspace}/api-keys/`, method: 'POST', body }),
      invalidatesTags: ['ApiKey'],
    }),
    revokeApiKey: build.mutation<void, { workspace: number; id: number }>({
      query: ({ workspace, id }) => ({ url: `workspaces/${workspace}/api-keys/${id}/`, method: 'DELETE' }),
      invalidatesTags: ['ApiKey'],
    }),
  }),
});

export const {
  useSignInMutation,
  useSignOutMutation,
  useGetMeQuery,
  useCreateWorkspaceMutation,
  useListMembersQuery,
  useInviteMemberMutation,
  useUpdateMemberMutation,
  useRemoveMemberMutation,
  useListApiKeysQuery,
  useCreateApiKeyMutation,
  useRevokeApiKeyMutation,
} = accountsApi;
