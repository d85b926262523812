/** Someone saved a newer copy while this one was being edited: what happened, and the ways out (load theirs, keep mine, …). */
import { Alert, AlertTitle, Button, Stack } from '@mui/material';
import type { ReactNode } from 'react';

export function SaveConflictAlert({ title, message, actions }: { title: ReactNode; message: ReactNode; actions: { label: ReactNode; onClick: () => void }[] }) {
  return (
    <Alert
      severity="warning"
      role="alert"
      sx={{ mb: 2 }}
      action={
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
          {actions.map(({ label, onClick }, i) => (
            <Button key={i} color="inherit" size="small" onClick={onClick}>
              {label}
            </Button>
          ))}
        </Stack>
      }
    >
      <AlertTitle>{title}</AlertTitle>
      {message}
    </Alert>
  );
}
