import { Stack, TextField } from '@mui/material';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import type { Me } from '../../types';
import { ProfileForm } from './ProfileForm';
import { useMeUpdate } from './useMeUpdate';

export function NameForm({ me }: { me: Me }) {
  const intl = useIntl();
  const update = useMeUpdate();
  const { fieldError } = update;
  const [firstName, setFirstName] = useState(me.first_name ?? '');
  const [lastName, setLastName] = useState(me.last_name ?? '');
  const save = () => update.save({ first_name: firstName.trim(), last_name: lastName.trim() });
  return (
    <ProfileForm
      title={intl.formatMessage({ id: 'accounts.profile.name.title', defaultMessage: 'Name' })}
      update={update}
      onSave={save}
      shownFields={['first_name', 'last_name']}
      savedText={<FormattedMessage id="accounts.profile.name.saved" defaultMessage="Name saved." />}
      submitText={<FormattedMessage id="accounts.profile.name.save" defaultMessage="Save name" />}
    >
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <TextField label={intl.formatMessage({ id: 'accounts.profile.name.first', defaultMessage: 'First name' })} autoComplete="given-name" value={firstName} onChange={(e) => setFirstName(e.target.value)} slotProps={{ htmlInput: { maxLength: 150 } }} {...fieldError('first_name')} />
        <TextField label={intl.formatMessage({ id: 'accounts.profile.name.last', defaultMessage: 'Last name' })} autoComplete="family-name" value={lastName} onChange={(e) => setLastName(e.target.value)} slotProps={{ htmlInput: { maxLength: 150 } }} {...fieldError('last_name')} />
      </Stack>
    </ProfileForm>
  );
}
