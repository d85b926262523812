import { Alert, Button, Link, Stack, TextField } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router';

import { FormError } from '../../../../components';
import { fieldMessage, toApiError, type ApiError } from '../../../../lib/errors';
import { useConfirmPasswordResetMutation } from '../../api';
import { PublicCard } from './PublicCard';

/** The emailed link lands here (`/reset-password?uid=…&token=…`): choose the new password. */
export function ResetPasswordPage() {
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
    <PublicCard title="Choose a new password">
      {done ? (
        <Alert severity="success">
          Your password is changed. <Link component={RouterLink} to="/login">Sign in</Link> with it.
        </Alert>
      ) : (
        <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label="Reset password">
          {!uid || !token ? <Alert severity="error">This link is incomplete: open the one in the email again.</Alert> : null}
          {badLink ? (
            <Alert severity="error">
              {badLink} <Link component={RouterLink} to="/forgot-password">Ask for a new link</Link>.
            </Alert>
          ) : null}
          <FormError error={error} shownFields={['password', 'token', 'uid']} />
          <TextField label="New password" type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={Boolean(fieldMessage(error, 'password'))} helperText={fieldMessage(error, 'password')} />
          <Button type="submit" variant="contained" disabled={isLoading || !password || !uid || !token}>
            Set the password
          </Button>
        </Stack>
      )}
    </PublicCard>
  );
}
