/** The accounts feature's API types: aliases of the generated schema (`lib/schema.d.ts`). */
import type { Role } from '../../config/constants';
import type { BodyOf, Schemas } from '../../lib/apiTypes';

export type WorkspaceSummary = Schemas['WorkspaceSummary'];
export type Membership = Schemas['OwnMembership'];
export type Me = Schemas['Me'];
export type Workspace = Schemas['Workspace'];
export type WorkspaceUpdate = BodyOf<'workspaces_partial_update'> & { id: number };
export type UserSummary = Schemas['User'];
export type Member = Schemas['Member'];
export type ApiKey = Schemas['ApiKey'];
export type ApiKeyCreated = Schemas['ApiKeyCreated'];
export type ApiKeyCreate = BodyOf<'workspaces_api_keys_create'> & { workspace: number };
export type TokenPair = Schemas['TokenObtainPair'];
export type SignInRequest = BodyOf<'auth_token_create'>;
export type RegisterRequest = BodyOf<'auth_register_create'>;

// The API contract of the account flows below (CONTRACTS.md), written by hand until the endpoints
// are in the schema; then they become aliases like the rest.
export interface AuthOptions {
  registration_open: boolean;
}
export interface Invitation {
  id: number;
  email: string;
  role: Role;
  invited_by: string | null;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
}
export interface InvitationCreate {
  workspace: number;
  email: string;
  role: Role;
}
export interface PublicInvitation {
  workspace_name: string;
  email: string;
  role: Role;
  expired: boolean;
  has_account: boolean;
}
export interface InvitationAccept {
  token: string;
  password?: string;
  name?: string;
}
export interface PasswordResetConfirm {
  uid: string;
  token: string;
  password: string;
}
