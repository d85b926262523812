import { Box } from '@mui/material';
import { useEffect, type ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { Navigate, useLocation } from 'react-router';

import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { ErrorState, LoadingState } from '../../../components';
import { selectIsSignedIn, selectLastUser, selectWorkspaceId, workspaceSelected } from '../../../lib/session';
import { useGetMeQuery } from '../api';
import { CreateWorkspaceForm } from './WorkspaceSwitcher';

/** Where a signed-out visitor was going, and who was signed in at this browser then. */
export interface AskedPage {
  from: string;
  askedBy: string | null;
}

/** The page to open after `email` signs in: the one asked for only if the same person asked. */
export function landingFor(asked: AskedPage | null, email: string): string {
  if (!asked?.from) return '/';
  const same = asked.askedBy === null || asked.askedBy.toLowerCase() === email.trim().toLowerCase();
  return same ? asked.from : '/';
}

/**
 * Gate for the signed-in app: sends anonymous visitors to /login, loads the user, and makes sure a
 * workspace the user belongs to is selected (the first one if none or a stale one is stored).
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const intl = useIntl();
  const signedIn = useAppSelector(selectIsSignedIn);
  const workspaceId = useAppSelector(selectWorkspaceId);
  const lastUser = useAppSelector(selectLastUser);
  const dispatch = useAppDispatch();
  const location = useLocation();
  const { data: me, error, isLoading, refetch } = useGetMeQuery(undefined, { skip: !signedIn });

  const memberships = me?.memberships ?? [];
  const valid = memberships.some((m) => m.workspace.id === workspaceId);
  useEffect(() => {
    const first = me?.memberships[0];
    if (first && !valid) dispatch(workspaceSelected(first.workspace.id));
  }, [me, valid, dispatch]);

  if (!signedIn) return <Navigate to="/login" replace state={{ from: location.pathname + location.search, askedBy: lastUser } satisfies AskedPage} />;
  if (isLoading) return <LoadingState label={intl.formatMessage({ id: 'accounts.gate.loading', defaultMessage: 'Loading your account…' })} />;
  if (error || !me) return <Box sx={{ p: 2 }}><ErrorState error={error} title={intl.formatMessage({ id: 'accounts.gate.loadError', defaultMessage: 'Could not load your account' })} onRetry={refetch} /></Box>;
  if (!memberships.length) {
    return (
      <Box sx={{ maxWidth: 480, mx: 'auto', p: 3 }}>
        <CreateWorkspaceForm title={intl.formatMessage({ id: 'accounts.gate.firstWorkspace', defaultMessage: 'Create your first workspace' })} />
      </Box>
    );
  }
  if (!valid) return <LoadingState />;
  return <>{children}</>;
}
