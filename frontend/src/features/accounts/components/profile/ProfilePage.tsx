import { Card, CardContent, Stack } from '@mui/material';

import { ErrorState, LoadingState, PageHeader } from '../../../../components';
import { useGetMeQuery } from '../../api';
import { NameForm } from './NameForm';
import { PasswordForm } from './PasswordForm';

/** The signed-in person's own name and password (`PATCH /api/me/`). */
export function ProfilePage() {
  const { data: me, error, isLoading, refetch } = useGetMeQuery();
  if (isLoading) return <LoadingState />;
  if (error || !me) return <ErrorState error={error} title="Could not load your profile" onRetry={refetch} />;
  return (
    <Stack spacing={2} sx={{ maxWidth: 720 }}>
      <PageHeader title="Profile" subtitle={me.email} />
      <Card>
        <CardContent>
          <NameForm key={me.id} me={me} />
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
