/** Public API of the accounts feature: sign-in, the current user and workspace, members and keys. */
export { prefetchMe, useGetMeQuery, useGetWorkspaceQuery, useUpdateWorkspaceMutation } from './api';
export { ApiKeysPanel } from './components/ApiKeysPanel';
export { MembersPanel } from './components/MembersPanel';
export { ProfilePage } from './components/profile/ProfilePage';
export { RequireAuth } from './components/RequireAuth';
export { ForgotPasswordPage } from './components/public/ForgotPasswordPage';
export { InvitationPage } from './components/public/InvitationPage';
export { ResetPasswordPage } from './components/public/ResetPasswordPage';
export { SignInPage } from './components/SignInPage';
export { SignUpPage } from './components/public/SignUpPage';
export { UserMenu } from './components/UserMenu';
export { WorkspaceSwitcher } from './components/WorkspaceSwitcher';
export { useCurrentWorkspace, useSignOut, type CurrentWorkspace } from './hooks';
export { useRoleLabel } from './roles';
export type { Me, Membership, Workspace, WorkspaceUpdate } from './types';
