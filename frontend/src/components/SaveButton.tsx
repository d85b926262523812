import { Alert, Button, type ButtonProps } from '@mui/material';
import type { ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';

/**
 * A form's submit button, as wide as its text at the start of a column; while `saving` it is
 * disabled and says so ("Saving…", or `busyText`). Where the user may not save, `readOnlyNotice`
 * (why not) stands in its place. Other props go to the button (`startIcon`, `onClick` outside a form).
 */
export function SaveButton({
  saving,
  disabled,
  busyText,
  readOnlyNotice,
  children,
  sx,
  ...button
}: Omit<ButtonProps, 'children'> & { saving: boolean; busyText?: ReactNode; readOnlyNotice?: ReactNode; children: ReactNode }) {
  if (readOnlyNotice) return <Alert severity="info">{readOnlyNotice}</Alert>;
  return (
    <Button type="submit" variant="contained" {...button} disabled={saving || disabled} sx={sx ?? { alignSelf: 'flex-start' }}>
      {saving ? (busyText ?? <FormattedMessage id="common.saving" defaultMessage="Saving…" />) : children}
    </Button>
  );
}
