import { Stack, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import type { Me } from '../../types';
import { FormFooter } from './FormFooter';
import { useMeUpdate } from './useMeUpdate';

export function NameForm({ me }: { me: Me }) {
  const intl = useIntl();
  const { save, saving, error, saved, fieldError } = useMeUpdate();
  const [firstName, setFirstName] = useState(me.first_name ?? '');
  const [lastName, setLastName] = useState(me.last_name ?? '');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await save({ first_name: firstName.trim(), last_name: lastName.trim() });
  };
  return (
    <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label={intl.formatMessage({ id: 'accounts.profile.name.title', defaultMessage: 'Name' })}>
      <Typography variant="h2">
        <FormattedMessage id="accounts.profile.name.title" defaultMessage="Name" />
      </Typography>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <TextField label={intl.formatMessage({ id: 'accounts.profile.name.first', defaultMessage: 'First name' })} autoComplete="given-name" value={firstName} onChange={(e) => setFirstName(e.target.value)} slotProps={{ htmlInput: { maxLength: 150 } }} {...fieldError('first_name')} />
        <TextField label={intl.formatMessage({ id: 'accounts.profile.name.last', defaultMessage: 'Last name' })} autoComplete="family-name" value={lastName} onChange={(e) => setLastName(e.target.value)} slotProps={{ htmlInput: { maxLength: 150 } }} {...fieldError('last_name')} />
      </Stack>
      <FormFooter
        error={error}
        shownFields={['first_name', 'last_name']}
        saved={saved}
        saving={saving}
        savedText={<FormattedMessage id="accounts.profile.name.saved" defaultMessage="Name saved." />}
        submitText={<FormattedMessage id="accounts.profile.name.save" defaultMessage="Save name" />}
        busyText={<FormattedMessage id="accounts.profile.saving" defaultMessage="Saving…" />}
      />
    </Stack>
  );
}
