import { Card, CardContent, Stack } from '@mui/material';
import { useIntl } from 'react-intl';

import { ErrorState, LoadingState, PageHeader } from '../../../../components';
import { useGetMeQuery } from '../../api';
import { LocaleForm } from './LocaleForm';
import { NameForm } from './NameForm';
import { PasswordForm } from './PasswordForm';

/** The signed-in person's own name, language and time zone, and password (`PATCH /api/me/`). */
export function ProfilePage() {
  const intl = useIntl();
  const { data: me, error, isLoading, refetch } = useGetMeQuery();
  if (isLoading) return <LoadingState />;
  if (error || !me) return <ErrorState error={error} title={intl.formatMessage({ id: 'accounts.profile.loadError', defaultMessage: 'Could not load your profile' })} onRetry={refetch} />;
  return (
    <Stack spacing={2} sx={{ maxWidth: 720 }}>
      <PageHeader title={intl.formatMessage({ id: 'accounts.profile.title', defaultMessage: 'Profile' })} subtitle={me.email} />
      <Card>
        <CardContent>
          <NameForm key={me.id} me={me} />
        </CardContent>
      </Card>
      <Card>
        <CardContent>
          <LocaleForm key={me.id} me={me} />
        </CardContent>
      </Card>
      <Card>
        <CardContent>
          <PasswordForm email={me.email} />
        </CardContent>
      </Card>
    </Stack>
  );
}
