import { Chip, type ChipProps } from '@mui/material';
import { defineMessages, useIntl } from 'react-intl';

const COLORS: Record<string, ChipProps['color']> = {
  succeeded: 'success',
  completed: 'success',
  failed: 'error',
  cancelled: 'default',
  canceled: 'default',
  running: 'info',
  queued: 'warning',
  pending: 'warning',
  closed: 'success',
  open: 'error',
  half_open: 'warning',
};

/** The API's status values (generations, batches, rows, content, deliveries) as people read them. */
const LABELS = defineMessages({
  queued: { id: 'common.status.queued', defaultMessage: 'queued' },
  running: { id: 'common.status.running', defaultMessage: 'running' },
  succeeded: { id: 'common.status.succeeded', defaultMessage: 'succeeded' },
  completed: { id: 'common.status.completed', defaultMessage: 'completed' },
  failed: { id: 'common.status.failed', defaultMessage: 'failed' },
  cancelled: { id: 'common.status.cancelled', defaultMessage: 'cancelled' },
  invalid: { id: 'common.status.invalid', defaultMessage: 'invalid' },
  pending: { id: 'common.status.pending', defaultMessage: 'pending' },
  draft: { id: 'common.status.draft', defaultMessage: 'draft' },
  in_review: { id: 'common.status.inReview', defaultMessage: 'in review' },
  changes_requested: { id: 'common.status.changesRequested', defaultMessage: 'changes requested' },
  approved: { id: 'common.status.approved', defaultMessage: 'approved' },
  published: { id: 'common.status.published', defaultMessage: 'published' },
  archived: { id: 'common.status.archived', defaultMessage: 'archived' },
});

/** A status as a coloured chip; `label` overrides the translated status (an unknown one shows as it came). */
export function StatusChip({ status, label }: { status: string; label?: string }) {
  const intl = useIntl();
  const known = LABELS[status as keyof typeof LABELS] as (typeof LABELS)[keyof typeof LABELS] | undefined;
  const shown = label ?? (known ? intl.formatMessage(known) : status.replace('_', ' '));
  return <Chip size="small" color={COLORS[status] ?? 'default'} label={shown} variant="outlined" />;
}
