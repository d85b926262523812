import { Chip, type ChipProps } from '@mui/material';
import { defineMessages, useIntl, type MessageDescriptor } from 'react-intl';

const COLORS: Record<string, ChipProps['color']> = {
  succeeded: 'success',
  completed: 'success',
  finished: 'success',
  failed: 'error',
  cancelled: 'default',
  canceled: 'default',
  running: 'info',
  scoring: 'info',
  queued: 'warning',
  pending: 'warning',
  closed: 'success',
  open: 'error',
  half_open: 'warning',
};

/** The run statuses of the API (generations, batches, rows, evaluations, deliveries, circuits), for people. */
const LABELS: Record<string, MessageDescriptor> = defineMessages({
  succeeded: { id: 'status.succeeded', defaultMessage: 'succeeded' },
  completed: { id: 'status.completed', defaultMessage: 'completed' },
  finished: { id: 'status.finished', defaultMessage: 'finished' },
  failed: { id: 'status.failed', defaultMessage: 'failed' },
  cancelled: { id: 'status.cancelled', defaultMessage: 'cancelled' },
  canceled: { id: 'status.cancelled', defaultMessage: 'cancelled' },
  running: { id: 'status.running', defaultMessage: 'running' },
  scoring: { id: 'status.scoring', defaultMessage: 'scoring' },
  queued: { id: 'status.queued', defaultMessage: 'queued' },
  pending: { id: 'status.pending', defaultMessage: 'pending' },
  invalid: { id: 'status.invalid', defaultMessage: 'invalid' },
  closed: { id: 'status.circuitClosed', defaultMessage: 'closed' },
  open: { id: 'status.circuitOpen', defaultMessage: 'open' },
  half_open: { id: 'status.circuitHalfOpen', defaultMessage: 'half open' },
});

/** A status's name in the user's language; a status the dashboard does not know is shown as the API sent it. */
export function useStatusLabel(): (status: string) => string {
  const intl = useIntl();
  return (status) => {
    const label = LABELS[status];
    return label ? intl.formatMessage(label) : status.replace('_', ' ');
  };
}

export function StatusChip({ status, label }: { status: string; label?: string }) {
  const statusLabel = useStatusLabel();
  return <Chip size="small" color={COLORS[status] ?? 'default'} label={label ?? statusLabel(status)} variant="outlined" />;
}
