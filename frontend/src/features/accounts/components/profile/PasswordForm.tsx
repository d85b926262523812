import { Alert, Button, Stack, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';

import { FormError } from '../../../../components';
import { useMeUpdate } from './useMeUpdate';

const EMPTY = { current: '', next: '', repeat: '' };

/** A new password, given the current one; the server checks both (the current one, and its password rules). */
export function PasswordForm({ email }: { email: string }) {
  const { save, saving, error, setError, saved, fieldError } = useMeUpdate();
  const [form, setForm] = useState(EMPTY);
  const field = (key: keyof typeof EMPTY) => ({ value: form[key], onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value })) });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (form.next !== form.repeat) {
      setError({ status: null, code: 'invalid', message: 'The new passwords differ.', fields: { repeat_password: ['Type the same new password twice.'] } });
      return;
    }
    if (await save({ current_password: form.current, new_password: form.next })) setForm(EMPTY);
  };
  return (
    <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label="Password">
      <Typography variant="h2">Password</Typography>
      {/* For password managers: the account this password belongs to. */}
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      <TextField label="Current password" type="password" autoComplete="current-password" required {...field('current')} {...fieldError('current_password')} />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <TextField label="New password" type="password" autoComplete="new-password" required {...field('next')} {...fieldError('new_password')} />
        <TextField label="New password again" type="password" autoComplete="new-password" required {...field('repeat')} {...fieldError('repeat_password')} />
      </Stack>
      <FormError error={error} shownFields={['current_password', 'new_password', 'repeat_password']} />
      {saved ? <Alert severity="success">Password changed.</Alert> : null}
      <div>
        <Button type="submit" variant="contained" disabled={saving || !form.current || !form.next || !form.repeat}>
          {saving ? 'Changing…' : 'Change password'}
        </Button>
      </div>
    </Stack>
  );
}
