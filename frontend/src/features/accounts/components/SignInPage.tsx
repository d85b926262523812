import { Button, Link, Stack, TextField } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link as RouterLink, Navigate, useLocation, useNavigate } from 'react-router';

import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { FormError } from '../../../components';
import { PRODUCT_NAME } from '../../../config/constants';
import { fieldMessage, toApiError, type ApiError } from '../../../lib/errors';
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
  const [error, setError] = useState<ApiError | null>(null);
  const asked = location.state as AskedPage | null;

  if (signedIn) return <Navigate to={landingFor(asked, email)} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const tokens = await signIn({ email, password }).unwrap();
      dispatch(signedInAction({ ...tokens, user: email.trim().toLowerCase() }));
      navigate(landingFor(asked, email), { replace: true });
    } catch (err) {
      setError(toApiError(err));
    }
  };

  return (
    <PublicCard title={intl.formatMessage({ id: 'accounts.signIn.title', defaultMessage: 'Sign in to {product}' }, { product: PRODUCT_NAME })} footer={false}>
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
          error={Boolean(fieldMessage(error, 'email'))}
          helperText={fieldMessage(error, 'email')}
        />
        <TextField
          label={intl.formatMessage({ id: 'accounts.signIn.password', defaultMessage: 'Password' })}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={Boolean(fieldMessage(error, 'password'))}
          helperText={fieldMessage(error, 'password')}
        />
        <Button type="submit" variant="contained" disabled={isLoading || !email || !password}>
          {isLoading ? <FormattedMessage id="accounts.signIn.signingIn" defaultMessage="Signing in…" /> : <FormattedMessage id="accounts.signIn.submit" defaultMessage="Sign in" />}
        </Button>
        <Stack direction="row" sx={{ justifyContent: 'space-between' }}>
          <Link component={RouterLink} to="/forgot-password" variant="body2">
            <FormattedMessage id="accounts.signIn.forgot" defaultMessage="Forgot your password?" />
          </Link>
          {options.data?.registration_open ? (
            <Link component={RouterLink} to="/signup" variant="body2">
              <FormattedMessage id="accounts.signIn.signUp" defaultMessage="Create an account" />
            </Link>
          ) : null}
        </Stack>
      </Stack>
    </PublicCard>
  );
}
