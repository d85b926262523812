import { Box, Card, CardContent, Link, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { Link as RouterLink } from 'react-router';

import { PublicLanguagePicker } from './PublicLanguagePicker';

/**
 * The frame of the signed-out screens: a centred card with the language switch, a title and a way
 * back to sign-in.
 */
export function PublicCard({ title, children, footer = true }: { title: string; children: ReactNode; footer?: boolean }) {
  return (
    <Box sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', p: 2, bgcolor: 'background.default' }}>
      <Card sx={{ width: '100%', maxWidth: 420 }}>
        <CardContent>
          <Stack spacing={2}>
            <PublicLanguagePicker />
            <Typography variant="h1">{title}</Typography>
            {children}
            {footer ? (
              <Link component={RouterLink} to="/login" variant="body2">
                <FormattedMessage id="accounts.public.backToSignIn" defaultMessage="Back to sign in" />
              </Link>
            ) : null}
          </Stack>
        </CardContent>
      </Card>
    </Box>
  );
}
