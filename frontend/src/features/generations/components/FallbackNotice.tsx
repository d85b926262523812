import { Alert } from '@mui/material';

import type { Generation } from '../types';

/** Another provider ran than the one asked for: say which, and why. */
export function FallbackNotice({ generation }: { generation: Generation }) {
  const { requested_provider: requested, fallback_reason: reason } = generation;
  if (!requested || (requested === generation.provider && !reason)) return null;
  return (
    <Alert severity="warning" role="status">
      Asked for {requested}; {generation.provider} / {generation.model} answered instead{reason ? ` (${reason})` : ''}.
    </Alert>
  );
}
