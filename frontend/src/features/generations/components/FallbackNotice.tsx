import { Alert } from '@mui/material';

import type { Generation } from '../types';

/** Another provider ran than the one asked for: say which, and why. */
export function FallbackNotice({ generation }: { generation: Generation }) {
  const requested = 'requested_provider' in generation ? (generation as { requested_provider?: string }).requested_provider : undefined;
  const reason = 'fallback_reason' in generation ? (generation as { fallback_reason?: string | null }).fallback_reason : undefined;
  if (!requested || requested === generation.provider) return null;
  return (
    <Alert severity="warning" role="status">
      Asked for {requested}; {generation.provider} / {generation.model} answered instead{reason ? ` (${reason})` : ''}.
    </Alert>
  );
}
