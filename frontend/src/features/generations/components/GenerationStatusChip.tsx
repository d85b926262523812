import { defineMessages, useIntl, type MessageDescriptor } from 'react-intl';

import { StatusChip } from '../../../components';
import type { GenerationStatus } from '../types';

/** A generation's status as people read it (the API's value stays the chip's colour key). */
export const GENERATION_STATUS_LABELS: Record<GenerationStatus, MessageDescriptor> = defineMessages({
  queued: { id: 'generations.status.queued', defaultMessage: 'queued' },
  running: { id: 'generations.status.running', defaultMessage: 'running' },
  succeeded: { id: 'generations.status.succeeded', defaultMessage: 'succeeded' },
  failed: { id: 'generations.status.failed', defaultMessage: 'failed' },
  cancelled: { id: 'generations.status.cancelled', defaultMessage: 'cancelled' },
});

export function GenerationStatusChip({ status, label }: { status: GenerationStatus; label?: string }) {
  const intl = useIntl();
  return <StatusChip status={status} label={label ?? intl.formatMessage(GENERATION_STATUS_LABELS[status])} />;
}
