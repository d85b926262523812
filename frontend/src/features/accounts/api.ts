import type { AppDispatch, RootState } from '../../app/store';
import { api, toQuery, type Page } from '../../lib/api';
import { selectIsSignedIn } from '../../lib/session';
import type {
  ApiKey,
  ApiKeyCreate,
  ApiKeyCreated,
  AuthOptions,
  Invitation,
  InvitationAccept,
  InvitationAccepted,
  InvitationCreate,
  Me,
  MeUpdate,
  Member,
  PasswordResetConfirm,
  PublicInvitation,
  RegisterRequest,
  SignInRequest,
  TokenPair,
  Workspace,
  WorkspaceUpdate,
} from './types';
import type { AnswerOf, BodyOf, Schemas } from '../../lib/apiTypes';

export const accountsApi = api.injectEndpoints({
  endpoints: (build) => ({
    signIn: build.mutation<TokenPair, SignInRequest>({
      query: (body) => ({ url: 'auth/token/', method: 'POST', body }),
    }),
    signOut: build.mutation<void, Schemas['LogoutRequest']>({
      query: (body) => ({ url: 'auth/logout/', method: 'POST', body }),
    }),
    getAuthOptions: build.query<AuthOptions, void>({
      query: () => 'auth/options/',
    }),
    register: build.mutation<AnswerOf<'auth_register_create'>, RegisterRequest>({
      query: (body) => ({ url: 'auth/register/', method: 'POST', body }),
    }),
    requestPasswordReset: build.mutation<Schemas['PasswordResetRequested'], BodyOf<'auth_password_reset_create'>>({
      query: (body) => ({ url: 'auth/password-reset/', method: 'POST', body }),
    }),
    confirmPasswordReset: build.mutation<void, PasswordResetConfirm>({
      query: (body) => ({ url: 'auth/password-reset/confirm/', method: 'POST', body }),
    }),
    getInvitation: build.query<PublicInvitation, string>({
      query: (token) => `invitations/${encodeURIComponent(token)}/`,
    }),
    acceptInvitation: build.mutation<InvitationAccepted, InvitationAccept>({
      query: ({ token, ...body }) => ({ url: `invitations/${encodeURIComponent(token)}/accept/`, method: 'POST', body }),
      invalidatesTags: ['Me', 'Workspace'],
    }),
    listInvitations: build.query<Page<Invitation>, { workspace: number; page: number }>({
      query: ({ workspace, page }) => `workspaces/${workspace}/invitations/${toQuery({ page })}`,
      providesTags: ['Invitation'],
    }),
    createInvitation: build.mutation<Invitation, InvitationCreate>({
      query: ({ workspace, ...body }) => ({ url: `workspaces/${workspace}/invitations/`, method: 'POST', body }),
      invalidatesTags: ['Invitation'],
    }),
    revokeInvitation: build.mutation<void, { workspace: number; id: number }>({
      query: ({ workspace, id }) => ({ url: `workspaces/${workspace}/invitations/${id}/`, method: 'DELETE' }),
      invalidatesTags: ['Invitation'],
    }),
    getMe: build.query<Me, void>({
      query: () => 'me/',
      providesTags: ['Me'],
    }),
    updateMe: build.mutation<Me, MeUpdate>({
      query: (body) => ({ url: 'me/', method: 'PATCH', body }),
      invalidatesTags: ['Me'],
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
  useGetAuthOptionsQuery,
  useRegisterMutation,
  useRequestPasswordResetMutation,
  useConfirmPasswordResetMutation,
  useGetInvitationQuery,
  useAcceptInvitationMutation,
  useListInvitationsQuery,
  useCreateInvitationMutation,
  useRevokeInvitationMutation,
  useSignInMutation,
  useSignOutMutation,
  useGetMeQuery,
  useUpdateMeMutation,
  useCreateWorkspaceMutation,
  useGetWorkspaceQuery,
  useUpdateWorkspaceMutation,
  useListMembersQuery,
  useUpdateMemberMutation,
  useRemoveMemberMutation,
  useListApiKeysQuery,
  useCreateApiKeyMutation,
  useRevokeApiKeyMutation,
} = accountsApi;

/**
 * The signed-in user, asked for before React's first render (main.tsx): the gate (RequireAuth)
 * then finds the request in flight instead of starting it once rendered.
 */
export const prefetchMe = () => (dispatch: AppDispatch, getState: () => RootState) => {
  if (selectIsSignedIn(getState())) dispatch(accountsApi.util.prefetch('getMe', undefined, {}));
};
