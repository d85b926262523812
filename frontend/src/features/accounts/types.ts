import type { Role } from '../../config/constants';

export interface WorkspaceSummary {
  id: number;
  name: string;
  slug: string;
}

export interface Membership {
  workspace: WorkspaceSummary;
  role: Role;
  created_at: string;
}

export interface Me {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  is_staff: boolean;
  memberships: Membership[];
}

export interface Workspace extends WorkspaceSummary {
  role: Role | null;
  created_at: string;
  updated_at: string;
}

export interface UserSummary {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
}

export interface Member {
  user: UserSummary;
  role: Role;
  created_at: string;
}

export interface ApiKey {
  id: number;
  name: string;
  prefix: string;
  role: Role;
  created_by: string | null;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  is_active: boolean;
}

export interface ApiKeyCreated extends ApiKey {
  key: string;
}

export interface TokenPair {
  access: string;
  refresh: string;
}
