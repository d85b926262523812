/** The accounts feature's API types: aliases of the generated schema (`lib/schema.d.ts`). */
import type { BodyOf, Schemas } from '../../lib/apiTypes';

export type WorkspaceSummary = Schemas['WorkspaceSummary'];
export type Membership = Schemas['OwnMembership'];
export type Me = Schemas['Me'];
export type MeUpdate = BodyOf<'me_partial_update'>;
export type Workspace = Schemas['Workspace'];
export type WorkspaceUpdate = BodyOf<'workspaces_partial_update'> & { id: number };
export type UserSummary = Schemas['User'];
export type Member = Schemas['Member'];
export type ApiKey = Schemas['ApiKey'];
export type ApiKeyCreated = Schemas['ApiKeyCreated'];
export type ApiKeyCreate = BodyOf<'workspaces_api_keys_create'> & { workspace: number };
export type TokenPair = Schemas['TokenPair'];
export type SignInRequest = BodyOf<'auth_token_create'>;
export type RegisterRequest = BodyOf<'auth_register_create'>;

export type AuthOptions = Schemas['AuthOptions'];
export type Invitation = Schemas['Invitation'];
export type InvitationCreate = BodyOf<'workspaces_invitations_create'> & { workspace: number };
export type PublicInvitation = Schemas['InvitationPublic'];
/** Signed in as the invited address the body is empty; a new person sends a password (and a name). */
export type InvitationAccept = Partial<BodyOf<'invitations_accept_create'>> & { token: string };
export type InvitationAccepted = Schemas['InvitationAccepted'];
export type PasswordResetConfirm = BodyOf<'auth_password_reset_confirm_create'>;
