import { Alert } from '@mui/material';
import { FormattedMessage } from 'react-intl';

import type { Generation } from '../types';

/** Another provider ran than the one asked for: say which, and why. */
export function FallbackNotice({ generation }: { generation: Generation }) {
  const { requested_provider: requested, fallback_reason: reason } = generation;
  if (!requested || (requested === generation.provider && !reason)) return null;
  return (
    <Alert severity="warning" role="status">
      {reason ? (
        <FormattedMessage id="generations.fallback.noticeWithReason" 
          defaultMessage="Asked for {requested}; {provider} / {model} answered instead ({reason})."
          values={{ requested, provider: generation.provider, model: generation.model, reason }}
        />
      ) : (
        <FormattedMessage id="generations.fallback.notice" 
          defaultMessage="Asked for {requested}; {provider} / {model} answered instead."
          values={{ requested, provider: generation.provider, model: generation.model }}
        />
      )}
    </Alert>
  );
}
