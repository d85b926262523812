import { Alert, Button, Stack, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link as RouterLink, useNavigate, useParams } from 'react-router';

import { useAppDispatch, useAppSelector } from '../../../../app/hooks';
import { ErrorState, FormError, LoadingState } from '../../../../components';
import { fieldProps, toApiError, type ApiError } from '../../../../lib/errors';
import { selectIsSignedIn, selectLastUser, signedIn } from '../../../../lib/session';
import { useAcceptInvitationMutation, useGetInvitationQuery } from '../../api';
import { useRoleLabel } from '../../roles';
import type { PublicInvitation } from '../../types';
import { PublicCard } from './PublicCard';

/**
 * The emailed invitation link (`/invite/<token>`). Signed in as the invited address: join. Without
 * an account: set a password (and a name) to create one and join. With an account but signed out:
 * sign in first, then come back to the link.
 */
export function InvitationPage() {
  const intl = useIntl();
  const roleLabel = useRoleLabel();
  const { token = '' } = useParams();
  const { data, error, isLoading, refetch } = useGetInvitationQuery(token);
  if (isLoading) return <LoadingState label={intl.formatMessage({ id: 'accounts.invitation.loading', defaultMessage: 'Loading the invitation…' })} />;
  if (error || !data) {
    return (
      <PublicCard title={intl.formatMessage({ id: 'accounts.invitation.title', defaultMessage: 'Invitation' })}>
        <ErrorState error={error} title={intl.formatMessage({ id: 'accounts.invitation.cannotOpen', defaultMessage: 'This invitation cannot be opened' })} onRetry={refetch} />
      </PublicCard>
    );
  }
  return (
    <PublicCard title={intl.formatMessage({ id: 'accounts.invitation.join', defaultMessage: 'Join {workspace}' }, { workspace: data.workspace_name })}>
      <Typography color="text.secondary">
        <FormattedMessage id="accounts.invitation.invitedAs" defaultMessage="{email} is invited as {role}." values={{ email: data.email, role: roleLabel(data.role) }} />
      </Typography>
      {data.expired ? (
        <Alert severity="warning">
          <FormattedMessage id="accounts.invitation.expired" defaultMessage="This invitation has expired: ask for a new one." />
        </Alert>
      ) : (
        <AcceptForm token={token} invitation={data} />
      )}
    </PublicCard>
  );
}

function AcceptForm({ token, invitation }: { token: string; invitation: PublicInvitation }) {
  const intl = useIntl();
  const dispatch = useAppDispatch();
  const navigate = useNavigate();
  const signedInNow = useAppSelector(selectIsSignedIn);
  const user = useAppSelector(selectLastUser);
  const [accept, { isLoading }] = useAcceptInvitationMutation();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const sameUser = signedInNow && user === invitation.email.toLowerCase();
  const needsAccount = !invitation.has_account;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const tokens = await accept({ token, ...(needsAccount ? { password, ...(name ? { name } : {}) } : {}) }).unwrap();
      if (tokens.access && tokens.refresh) dispatch(signedIn({ access: tokens.access, refresh: tokens.refresh, user: invitation.email.toLowerCase() }));
      navigate('/', { replace: true });
    } catch (err) {
      setError(toApiError(err));
    }
  };

  if (!needsAccount && !sameUser) {
    return (
      <Stack spacing={2}>
        <Alert severity="info">
          <FormattedMessage id="accounts.invitation.signInFirst" defaultMessage="Sign in as {email} to accept, then open this link again." values={{ email: invitation.email }} />
        </Alert>
        <Button component={RouterLink} to="/login" state={{ from: `/invite/${token}`, askedBy: null }} variant="contained">
          <FormattedMessage id="accounts.invitation.signIn" defaultMessage="Sign in" />
        </Button>
      </Stack>
    );
  }
  return (
    <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label={intl.formatMessage({ id: 'accounts.invitation.form', defaultMessage: 'Accept invitation' })}>
      <FormError error={error} shownFields={['password', 'name']} />
      {needsAccount ? (
        <>
          <TextField label={intl.formatMessage({ id: 'accounts.invitation.name', defaultMessage: 'Your name' })} autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} {...fieldProps(error, 'name')} />
          <TextField label={intl.formatMessage({ id: 'accounts.invitation.password', defaultMessage: 'Choose a password' })} type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} {...fieldProps(error, 'password')} />
        </>
      ) : null}
      <Button type="submit" variant="contained" disabled={isLoading || (needsAccount && !password)}>
        {needsAccount ? (
          <FormattedMessage id="accounts.invitation.createAndJoin" defaultMessage="Create my account and join" />
        ) : (
          <FormattedMessage id="accounts.invitation.joinWorkspace" defaultMessage="Join the workspace" />
        )}
      </Button>
    </Stack>
  );
}
