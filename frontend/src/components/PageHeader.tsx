import { Alert, Box, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';

/** A page's title, subtitle and actions; `notice`: a note under them (what the reader's role cannot do here). */
export function PageHeader({ title, subtitle, actions, notice }: { title: string; subtitle?: ReactNode; actions?: ReactNode; notice?: ReactNode }) {
  return (
    <>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: { xs: 'flex-start', sm: 'center' }, justifyContent: 'space-between', mb: 2 }}>
        <Box>
          <Typography variant="h1">{title}</Typography>
          {subtitle ? <Typography color="text.secondary">{subtitle}</Typography> : null}
        </Box>
        {actions ? (
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
            {actions}
          </Stack>
        ) : null}
      </Stack>
      {notice ? (
        <Alert severity="info" sx={{ mb: 2 }}>
          {notice}
        </Alert>
      ) : null}
    </>
  );
}
