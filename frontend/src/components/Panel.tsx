/** A settings panel: its heading, a note for the reader (what their role cannot do here), then its content unless `refused`. */
import { Alert, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';

export function Panel({ title, notice, refused = false, children }: { title: ReactNode; notice?: ReactNode; refused?: boolean; children?: ReactNode }) {
  return (
    <Stack spacing={2}>
      <Typography variant="h2">{title}</Typography>
      {notice ? <Alert severity="info">{notice}</Alert> : null}
      {refused ? null : children}
    </Stack>
  );
}
