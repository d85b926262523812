import { Stack, TextField } from '@mui/material';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { ProfileForm } from './ProfileForm';
import { useMeUpdate } from './useMeUpdate';

const EMPTY = { current: '', next: '', repeat: '' };

/** A new password, given the current one; the server checks both (the current one, and its password rules). */
export function PasswordForm({ email }: { email: string }) {
  const intl = useIntl();
  const update = useMeUpdate();
  const { fieldError } = update;
  const [form, setForm] = useState(EMPTY);
  const field = (key: keyof typeof EMPTY) => ({ value: form[key], onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value })) });
  const save = async () => {
    if (form.next !== form.repeat) {
      update.setError({
        status: null,
        code: 'invalid',
        message: intl.formatMessage({ id: 'accounts.profile.password.differ', defaultMessage: 'The new passwords differ.' }),
        fields: { repeat_password: [intl.formatMessage({ id: 'accounts.profile.password.typeTwice', defaultMessage: 'Type the same new password twice.' })] },
      });
      return;
    }
    if (await update.save({ current_password: form.current, new_password: form.next })) setForm(EMPTY);
  };
  return (
    <ProfileForm
      title={intl.formatMessage({ id: 'accounts.profile.password.title', defaultMessage: 'Password' })}
      update={update}
      onSave={save}
      shownFields={['current_password', 'new_password', 'repeat_password']}
      disabled={!form.current || !form.next || !form.repeat}
      savedText={<FormattedMessage id="accounts.profile.password.changed" defaultMessage="Password changed." />}
      submitText={<FormattedMessage id="accounts.profile.password.change" defaultMessage="Change password" />}
      busyText={<FormattedMessage id="accounts.profile.password.changing" defaultMessage="Changing…" />}
    >
      {/* For password managers: the account this password belongs to. */}
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      <TextField label={intl.formatMessage({ id: 'accounts.profile.password.current', defaultMessage: 'Current password' })} type="password" autoComplete="current-password" required {...field('current')} {...fieldError('current_password')} />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <TextField label={intl.formatMessage({ id: 'accounts.profile.password.new', defaultMessage: 'New password' })} type="password" autoComplete="new-password" required {...field('next')} {...fieldError('new_password')} />
        <TextField label={intl.formatMessage({ id: 'accounts.profile.password.repeat', defaultMessage: 'New password again' })} type="password" autoComplete="new-password" required {...field('repeat')} {...fieldError('repeat_password')} />
      </Stack>
    </ProfileForm>
  );
}
