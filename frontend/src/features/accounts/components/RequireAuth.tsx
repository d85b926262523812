import { Box } from '@mui/material';
import { useEffect, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';

import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { ErrorState, LoadingState } from '../../../components';
import { selectIsSignedIn, selectWorkspaceId, workspaceSelected } from '../../../lib/session';
import { useGetMeQuery } from '../api';
import { CreateWorkspaceForm } from './WorkspaceSwitcher';

/**
 * Gate for the signed-in app: sends anonymous visitors to /login, loads the user, and makes sure a
 * workspace the user belongs to is selected (the first one if none or a stale one is stored).
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const signedIn = useAppSelector(selectIsSignedIn);
  const workspaceId = useAppSelector(selectWorkspaceId);
  const dispatch = useAppDispatch();
  const location = useLocation();
  const { data: me, error, isLoading, refetch } = useGetMeQuery(undefined, { skip: !signedIn });

  const memberships = me?.memberships ?? [];
  const valid = memberships.some((m) => m.workspace.id === workspaceId);
  useEffect(() => {
    if (me && !valid && memberships.length) dispatch(workspaceSelected(memberships[0].workspace.id));
  }, [me, valid, memberships, dispatch]);

  if (!signedIn) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (isLoading) return <LoadingState label="Loading your account…" />;
  if (error || !me) return <Box sx={{ p: 2 }}><ErrorState error={error} title="Could not load your account" onRetry={refetch} /></Box>;
  if (!memberships.length) {
    return (
      <Box sx={{ maxWidth: 480, mx: 'auto', p: 3 }}>
        <CreateWorkspaceForm title="Create your first workspace" />
      </Box>
    );
  }
  if (!valid) return <LoadingState />;
  return <>{children}</>;
}
