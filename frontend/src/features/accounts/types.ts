/** The accounts feature's API types: aliases of the generated schema (`lib/schema.d.ts`). */
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
export type MemberInvite = BodyOf<'workspaces_members_create'> & { workspace: number };
export type TokenPair = Schemas['TokenObtainPair'];
export type SignInRequest = BodyOf<'auth_token_create'>;
