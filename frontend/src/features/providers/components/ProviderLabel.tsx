import { Chip, Stack } from '@mui/material';
import { useIntl } from 'react-intl';

import { OFFLINE_PROVIDER } from '../../../config/constants';

/** A provider's name, with a visible "offline draft" chip for the local generator. */
export function ProviderLabel({ name, label, isOffline }: { name: string; label?: string; isOffline?: boolean }) {
  const intl = useIntl();
  const offline = isOffline || name === OFFLINE_PROVIDER;
  return (
    <Stack direction="row" spacing={1} component="span" sx={{ alignItems: 'center' }}>
      <span>{label || name}</span>
      {offline ? <Chip size="small" color="warning" label={intl.formatMessage({ id: 'providers.offlineDraft', defaultMessage: 'offline draft' })} /> : null}
    </Stack>
  );
}
