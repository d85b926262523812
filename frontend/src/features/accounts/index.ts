/** Public API of the accounts feature: sign-in, the current user and workspace, members and keys. */
export { useGetMeQuery, useGetWorkspaceQuery, useUpdateWorkspaceMutation } from './api';
export { ApiKeysPanel } from './components/ApiKeysPanel';
export { MembersPanel } from './components/MembersPanel';
export { RequireAuth } from './components/RequireAuth';
export { SignInPage } from './components/SignInPage';
export { UserMenu } from './components/UserMenu';
export { WorkspaceSwitcher } from './components/WorkspaceSwitcher';
export { useCurrentWorkspace, useSignOut, type CurrentWorkspace } from './hooks';
export type { Me, Membership, Workspace, WorkspaceUpdate } from './types';
