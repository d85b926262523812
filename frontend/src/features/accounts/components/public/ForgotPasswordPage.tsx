import { Alert, Button, Stack, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { FormError } from '../../../../components';
import { fieldProps, toApiError, type ApiError } from '../../../../lib/errors';
import { useRequestPasswordResetMutation } from '../../api';
import { PublicCard } from './PublicCard';

/** Ask for a reset link by email. The answer is the same whether or not the address has an account. */
export function ForgotPasswordPage() {
  const intl = useIntl();
  const [request, { isLoading }] = useRequestPasswordResetMutation();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await request({ email }).unwrap();
      setSent(true);
    } catch (err) {
      setError(toApiError(err));
    }
  };
  return (
    <PublicCard title={intl.formatMessage({ id: 'accounts.forgot.title', defaultMessage: 'Reset your password' })}>
      {sent ? (
        <Alert severity="success">
          <FormattedMessage id="accounts.forgot.sent" defaultMessage="If {email} has an account, a link to set a new password is on its way. It works once and expires." values={{ email }} />
        </Alert>
      ) : (
        <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label={intl.formatMessage({ id: 'accounts.forgot.form', defaultMessage: 'Forgot password' })}>
          <Typography color="text.secondary">
            <FormattedMessage id="accounts.forgot.help" defaultMessage="We will email you a link to set a new password." />
          </Typography>
          <FormError error={error} shownFields={['email']} />
          <TextField label={intl.formatMessage({ id: 'accounts.forgot.email', defaultMessage: 'Email' })} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} {...fieldProps(error, 'email')} />
          <Button type="submit" variant="contained" disabled={isLoading || !email}>
            <FormattedMessage id="accounts.forgot.submit" defaultMessage="Send the link" />
          </Button>
        </Stack>
      )}
    </PublicCard>
  );
}
