import { useCallback } from 'react';

import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { ROLE_RANK, type Role } from '../../config/constants';
import { selectIsSignedIn, selectRefreshToken, selectWorkspaceId, signedOut } from '../../lib/session';
import { useGetMeQuery, useSignOutMutation } from './api';
import type { Membership } from './types';

export interface CurrentWorkspace {
  workspaceId: number | null;
  membership: Membership | null;
  role: Role | null;
  /** Whether the user's role in the current workspace is at least `role`. */
  can: (role: Role) => boolean;
}

/** The workspace the user works in, and their role there. */
export function useCurrentWorkspace(): CurrentWorkspace {
  const signedIn = useAppSelector(selectIsSignedIn);
  const workspaceId = useAppSelector(selectWorkspaceId);
  const { data: me } = useGetMeQuery(undefined, { skip: !signedIn });
  const membership = me?.memberships.find((m) => m.workspace.id === workspaceId) ?? null;
  const role = membership?.role ?? null;
  const can = useCallback((needed: Role) => (role ? ROLE_RANK[role] >= ROLE_RANK[needed] : false), [role]);
  return { workspaceId: membership ? workspaceId : null, membership, role, can };
}

/** Sign out: tell the server to blacklist the refresh token, then forget the session either way. */
export function useSignOut(): () => Promise<void> {
  const dispatch = useAppDispatch();
  const refresh = useAppSelector(selectRefreshToken);
  const [signOut] = useSignOutMutation();
  return useCallback(async () => {
    if (refresh) {
      try {
        await signOut({ refresh }).unwrap();
      } catch {
        // The token may already be invalid; signing out locally is what matters.
      }
    }
    dispatch(signedOut());
  }, [dispatch, refresh, signOut]);
}
