import { ToggleButton, ToggleButtonGroup } from '@mui/material';
import { useIntl, type MessageDescriptor } from 'react-intl';

/** Exclusive toggle buttons, one per key of `labels` (a message map keyed by the values); one is always chosen. */
export function OptionToggle<T extends string>({ label, value, onChange, labels }: { label: string; value: T; onChange: (value: T) => void; labels: Record<T, MessageDescriptor> }) {
  const intl = useIntl();
  return (
    <ToggleButtonGroup size="small" exclusive value={value} onChange={(_e, next: T | null) => next && onChange(next)} aria-label={label}>
      {Object.entries<MessageDescriptor>(labels).map(([option, message]) => (
        <ToggleButton key={option} value={option}>
          {intl.formatMessage(message)}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}
