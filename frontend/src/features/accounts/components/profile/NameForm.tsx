import { Alert, Button, Stack, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';

import { FormError } from '../../../../components';
import type { Me } from '../../types';
import { useMeUpdate } from './useMeUpdate';

export function NameForm({ me }: { me: Me }) {
  const { save, saving, error, saved, fieldError } = useMeUpdate();
  const [firstName, setFirstName] = useState(me.first_name ?? '');
  const [lastName, setLastName] = useState(me.last_name ?? '');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await save({ first_name: firstName.trim(), last_name: lastName.trim() });
  };
  return (
    <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label="Name">
      <Typography variant="h2">Name</Typography>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <TextField label="First name" autoComplete="given-name" value={firstName} onChange={(e) => setFirstName(e.target.value)} slotProps={{ htmlInput: { maxLength: 150 } }} {...fieldError('first_name')} />
        <TextField label="Last name" autoComplete="family-name" value={lastName} onChange={(e) => setLastName(e.target.value)} slotProps={{ htmlInput: { maxLength: 150 } }} {...fieldError('last_name')} />
      </Stack>
      <FormError error={error} shownFields={['first_name', 'last_name']} />
      {saved ? <Alert severity="success">Name saved.</Alert> : null}
      <div>
        <Button type="submit" variant="contained" disabled={saving}>
          {saving ? 'Saving…' : 'Save name'}
        </Button>
      </div>
    </Stack>
  );
}
