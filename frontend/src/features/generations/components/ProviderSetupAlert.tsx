import { Alert, Button } from '@mui/material';
import { FormattedMessage } from 'react-intl';
import { Link as RouterLink } from 'react-router';

import type { ApiError } from '../../../lib/errors';

/**
 * The provider asked for has no credentials: the API refuses before recording anything and its
 * message says how to configure it; the fix is one click away (Settings, Providers).
 */
export function ProviderSetupAlert({ error }: { error: ApiError | null }) {
  if (error?.code !== 'provider_not_configured') return null;
  return (
    <Alert
      severity="warning"
      role="alert"
      action={
        <Button color="inherit" size="small" component={RouterLink} to="/settings?tab=providers">
          <FormattedMessage id="generations.providerSetup.action" defaultMessage="Set up providers" />
        </Button>
      }
    >
      {error.message}
    </Alert>
  );
}
