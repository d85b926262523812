import { Stack, TextField } from '@mui/material';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Navigate, useLocation, useNavigate } from 'react-router';

import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { FormError, SaveButton } from '../../../components';
import { PRODUCT_NAME } from '../../../config/constants';
import { fieldProps } from '../../../lib/errors';
import { useApiAction } from '../../../lib/hooks';
import { selectIsSignedIn, signedIn as signedInAction } from '../../../lib/session';
import { landingFor, type AskedPage } from './RequireAuth';
import { useGetAuthOptionsQuery, useSignInMutation } from '../api';
import { PublicCard } from './public/PublicCard';

export function SignInPage() {
  const intl = useIntl();
  const dispatch = useAppDispatch();
  const navigate = useNavigate();
  const location = useLocation();
  const signedIn = useAppSelector(selectIsSignedIn);
  const [signIn, { isLoading }] = useSignInMutation();
  const options = useGetAuthOptionsQuery();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { error, submitWith } = useApiAction();
  const asked = location.state as AskedPage | null;

  if (signedIn) return <Navigate to={landingFor(asked, email)} replace />;

  const submit = submitWith(async () => {
    const tokens = await signIn({ email, password }).unwrap();
    dispatch(signedInAction({ ...tokens, user: email.trim().toLowerCase() }));
    navigate(landingFor(asked, email), { replace: true });
  });
  const links = [{ to: '/forgot-password', label: <FormattedMessage id="accounts.signIn.forgot" defaultMessage="Forgot your password?" /> }];
  if (options.data?.registration_open) links.push({ to: '/signup', label: <FormattedMessage id="accounts.signIn.signUp" defaultMessage="Create an account" /> });

  return (
    <PublicCard title={intl.formatMessage({ id: 'accounts.signIn.title', defaultMessage: 'Sign in to {product}' }, { product: PRODUCT_NAME })} links={links}>
      <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label={intl.formatMessage({ id: 'accounts.signIn.form', defaultMessage: 'Sign in' })}>
        <FormError error={error} shownFields={['email', 'password']} />
        <TextField
          label={intl.formatMessage({ id: 'accounts.signIn.email', defaultMessage: 'Email' })}
          type="email"
          autoComplete="username"
          // eslint-disable-next-line jsx-a11y/no-autofocus -- the page is this form alone: focus starts where the user must type
          autoFocus
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          {...fieldProps(error, 'email')}
        />
        <TextField
          label={intl.formatMessage({ id: 'accounts.signIn.password', defaultMessage: 'Password' })}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          {...fieldProps(error, 'password')}
        />
        <SaveButton saving={isLoading} busyText={<FormattedMessage id="accounts.signIn.signingIn" defaultMessage="Signing in…" />} disabled={!email || !password} sx={{ alignSelf: 'stretch' }}>
          <FormattedMessage id="accounts.signIn.submit" defaultMessage="Sign in" />
        </SaveButton>
      </Stack>
    </PublicCard>
  );
}
