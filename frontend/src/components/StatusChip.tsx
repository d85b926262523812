import { Chip, type ChipProps } from '@mui/material';

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

export function StatusChip({ status, label }: { status: string; label?: string }) {
  return <Chip size="small" color={COLORS[status] ?? 'default'} label={label ?? status.replace('_', ' ')} variant="outlined" />;
}
