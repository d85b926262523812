import { Box, Card, CardContent, Link, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { Link as RouterLink } from 'react-router';

import { PublicLanguagePicker } from './PublicLanguagePicker';

/**
 * The frame of the signed-out screens: a centred card with the language switch, a title, and links
 * under the content (`links`: a way back to sign-in unless told otherwise).
 */
export function PublicCard({ title, children, links }: { title: string; children: ReactNode; links?: { to: string; label: ReactNode }[] }) {
  const footer = links ?? [{ to: '/login', label: <FormattedMessage id="accounts.public.backToSignIn" defaultMessage="Back to sign in" /> }];
  return (
    <Box sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', p: 2, bgcolor: 'background.default' }}>
      <Card sx={{ width: '100%', maxWidth: 420 }}>
        <CardContent>
          <Stack spacing={2}>
            <PublicLanguagePicker />
            <Typography variant="h1">{title}</Typography>
            {children}
            <Stack direction="row" sx={{ justifyContent: 'space-between' }}>
              {footer.map(({ to, label }) => (
                <Link key={to} component={RouterLink} to={to} variant="body2">
                  {label}
                </Link>
              ))}
            </Stack>
          </Stack>
        </CardContent>
      </Card>
    </Box>
  );
}
