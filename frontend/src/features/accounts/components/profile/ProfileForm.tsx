import { Alert, Stack, Typography } from '@mui/material';
import type { FormEvent, ReactNode } from 'react';

import { FormError, SaveButton } from '../../../../components';
import type { MeUpdateState } from './useMeUpdate';

/**
 * A profile form: its heading (also the form's name), its fields, then the answer's errors that
 * belong to no field shown, the saved notice and the submit button.
 */
export function ProfileForm({
  title,
  update: { error, saved, saving },
  onSave,
  children,
  shownFields,
  disabled,
  savedText,
  submitText,
  busyText,
}: {
  title: string;
  /** The form's `useMeUpdate()`. */
  update: Pick<MeUpdateState, 'error' | 'saved' | 'saving'>;
  /** Called on submit: checks the fields, then `update.save(...)`s them. */
  onSave: () => Promise<unknown>;
  children: ReactNode;
  shownFields: string[];
  disabled?: boolean;
  savedText: ReactNode;
  submitText: ReactNode;
  busyText?: ReactNode;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onSave();
  };
  return (
    <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label={title}>
      <Typography variant="h2">{title}</Typography>
      {children}
      <FormError error={error} shownFields={shownFields} />
      {saved ? <Alert severity="success">{savedText}</Alert> : null}
      <SaveButton saving={saving} disabled={disabled} busyText={busyText}>
        {submitText}
      </SaveButton>
    </Stack>
  );
}
