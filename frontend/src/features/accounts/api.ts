import { api, type Page } from '../../lib/api';
import type {
  ApiKey,
  ApiKeyCreate,
  ApiKeyCreated,
  Me,
  Member,
  MemberInvite,
  SignInRequest,
  TokenPair,
  Workspace,
  WorkspaceUpdate,
} from './types';
import type { Schemas } from '../../lib/apiTypes';

export const accountsApi = api.injectEndpoints({
  endpoints: (build) => ({
    signIn: build.mutation<TokenPair, SignInRequest>({
      query: (body) => ({ url: 'auth/token/', method: 'POST', body }),
    }),
    signOut: build.mutation<void, Schemas['LogoutRequest']>({
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
    createWorkspace: build.mutation<Workspace, Schemas['WorkspaceRequest']>({
      query: (body) => ({ url: 'workspaces/', method: 'POST', body }),
      invalidatesTags: ['Workspace', 'Me'],
    }),
    getWorkspace: build.query<Workspace, number>({
      query: (id) => `workspaces/${id}/`,
      providesTags: ['Workspace'],
    }),
    updateWorkspace: build.mutation<Workspace, WorkspaceUpdate>({
      query: ({ id, ...body }) => ({ url: `workspaces/${id}/`, method: 'PATCH', body }),
      invalidatesTags: ['Workspace', 'Me'],
    }),
    listMembers: build.query<Page<Member>, { workspace: number; page?: number }>({
      query: ({ workspace, page = 1 }) => `workspaces/${workspace}/members/?page=${page}`,
      providesTags: ['Member'],
    }),
    inviteMember: build.mutation<Member, MemberInvite>({
      query: ({ workspace, ...body }) => ({ url: `workspaces/${workspace}/members/`, method: 'POST', body }),
      invalidatesTags: ['Member'],
    }),
    updateMember: build.mutation<Member, { workspace: number; userId: number; role: Member['role'] }>({
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
    createApiKey: build.mutation<ApiKeyCreated, ApiKeyCreate>({
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
  useGetWorkspaceQuery,
  useUpdateWorkspaceMutation,
  useListMembersQuery,
  useInviteMemberMutation,
  useUpdateMemberMutation,
  useRemoveMemberMutation,
  useListApiKeysQuery,
  useCreateApiKeyMutation,
  useRevokeApiKeyMutation,
} = accountsApi;
