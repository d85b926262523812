import { Alert, Button, Stack, TextField } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useNavigate } from 'react-router';

import { useAppDispatch } from '../../../../app/hooks';
import { FormError, LoadingState } from '../../../../components';
import { browserTimeZone, toApiLanguage, useLocaleSetting } from '../../../../i18n';
import { fieldProps, toApiError, type ApiError } from '../../../../lib/errors';
import { signedIn } from '../../../../lib/session';
import { useGetAuthOptionsQuery, useRegisterMutation, useSignInMutation } from '../../api';
import { PublicCard } from './PublicCard';

/**
 * Create an account when the server allows sign-up, then sign in with it. The account starts in
 * the language shown (the browser's, or the one picked here) and this browser's time zone.
 */
export function SignUpPage() {
  const intl = useIntl();
  const { locale } = useLocaleSetting();
  const dispatch = useAppDispatch();
  const navigate = useNavigate();
  const options = useGetAuthOptionsQuery();
  const [register, { isLoading: registering }] = useRegisterMutation();
  const [signIn, { isLoading: signingIn }] = useSignInMutation();
  const [form, setForm] = useState({ first_name: '', last_name: '', email: '', password: '' });
  const [error, setError] = useState<ApiError | null>(null);
  const field = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value })),
    ...fieldProps(error, key),
  });

  if (options.isLoading) return <LoadingState />;
  if (!options.data?.registration_open) {
    return (
      <PublicCard title={intl.formatMessage({ id: 'accounts.signUp.closedTitle', defaultMessage: 'Sign-up is closed' })}>
        <Alert severity="info">
          <FormattedMessage id="accounts.signUp.closed" defaultMessage="This server does not take new accounts. Ask an admin of your workspace for an invitation." />
        </Alert>
      </PublicCard>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await register({ ...form, language: toApiLanguage(locale), time_zone: browserTimeZone() }).unwrap();
      const tokens = await signIn({ email: form.email, password: form.password }).unwrap();
      dispatch(signedIn({ ...tokens, user: form.email.trim().toLowerCase() }));
      navigate('/', { replace: true });
    } catch (err) {
      setError(toApiError(err));
    }
  };
  return (
    <PublicCard title={intl.formatMessage({ id: 'accounts.signUp.title', defaultMessage: 'Create your account' })}>
      <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label={intl.formatMessage({ id: 'accounts.signUp.form', defaultMessage: 'Sign up' })}>
        <FormError error={error} shownFields={['first_name', 'last_name', 'email', 'password']} />
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <TextField label={intl.formatMessage({ id: 'accounts.signUp.firstName', defaultMessage: 'First name' })} autoComplete="given-name" {...field('first_name')} />
          <TextField label={intl.formatMessage({ id: 'accounts.signUp.lastName', defaultMessage: 'Last name' })} autoComplete="family-name" {...field('last_name')} />
        </Stack>
        <TextField label={intl.formatMessage({ id: 'accounts.signUp.email', defaultMessage: 'Email' })} type="email" autoComplete="username" required {...field('email')} />
        <TextField label={intl.formatMessage({ id: 'accounts.signUp.password', defaultMessage: 'Password' })} type="password" autoComplete="new-password" required {...field('password')} />
        <Button type="submit" variant="contained" disabled={registering || signingIn || !form.email || !form.password}>
          {registering || signingIn ? (
            <FormattedMessage id="accounts.signUp.creating" defaultMessage="Creating…" />
          ) : (
            <FormattedMessage id="accounts.signUp.submit" defaultMessage="Create account" />
          )}
        </Button>
      </Stack>
    </PublicCard>
  );
}
