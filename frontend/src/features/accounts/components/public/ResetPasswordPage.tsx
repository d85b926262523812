import { Alert, Button, Link, Stack, TextField } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link as RouterLink, useSearchParams } from 'react-router';

import { FormError } from '../../../../components';
import { fieldProps, fieldMessage, toApiError, type ApiError } from '../../../../lib/errors';
import { useConfirmPasswordResetMutation } from '../../api';
import { PublicCard } from './PublicCard';

/** The emailed link lands here (`/reset-password?uid=…&token=…`): choose the new password. */
export function ResetPasswordPage() {
  const intl = useIntl();
  const [params] = useSearchParams();
  const [confirm, { isLoading }] = useConfirmPasswordResetMutation();
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const uid = params.get('uid') ?? '';
  const token = params.get('token') ?? '';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await confirm({ uid, token, password }).unwrap();
      setDone(true);
    } catch (err) {
      setError(toApiError(err));
    }
  };
  const badLink = fieldMessage(error, 'token') ?? fieldMessage(error, 'uid');
  return (
    <PublicCard title={intl.formatMessage({ id: 'accounts.reset.title', defaultMessage: 'Choose a new password' })}>
      {done ? (
        <Alert severity="success">
          <FormattedMessage
            id="accounts.reset.done"
            defaultMessage="Your password is changed. <link>Sign in</link> with it."
            values={{ link: (chunks) => <Link component={RouterLink} to="/login">{chunks}</Link> }}
          />
        </Alert>
      ) : (
        <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label={intl.formatMessage({ id: 'accounts.reset.form', defaultMessage: 'Reset password' })}>
          {!uid || !token ? (
            <Alert severity="error">
              <FormattedMessage id="accounts.reset.incomplete" defaultMessage="This link is incomplete: open the one in the email again." />
            </Alert>
          ) : null}
          {badLink ? (
            <Alert severity="error">
              <FormattedMessage
                id="accounts.reset.badLink"
                defaultMessage="{problem} <link>Ask for a new link</link>."
                values={{ problem: badLink, link: (chunks) => <Link component={RouterLink} to="/forgot-password">{chunks}</Link> }}
              />
            </Alert>
          ) : null}
          <FormError error={error} shownFields={['password', 'token', 'uid']} />
          <TextField label={intl.formatMessage({ id: 'accounts.reset.password', defaultMessage: 'New password' })} type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} {...fieldProps(error, 'password')} />
          <Button type="submit" variant="contained" disabled={isLoading || !password || !uid || !token}>
            <FormattedMessage id="accounts.reset.submit" defaultMessage="Set the password" />
          </Button>
        </Stack>
      )}
    </PublicCard>
  );
}
