import { Alert, Button } from '@mui/material';
import type { ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';

/**
 * A form's submit button, as wide as its text at the start of a column; while `saving` it is
 * disabled and says so ("Saving…", or `busyText`). Where the user may not save, `readOnlyNotice`
 * (why not) stands in its place.
 */
export function SaveButton({ saving, disabled, busyText, readOnlyNotice, children }: { saving: boolean; disabled?: boolean; busyText?: ReactNode; readOnlyNotice?: ReactNode; children: ReactNode }) {
  if (readOnlyNotice) return <Alert severity="info">{readOnlyNotice}</Alert>;
  return (
    <Button type="submit" variant="contained" disabled={saving || disabled} sx={{ alignSelf: 'flex-start' }}>
      {saving ? (busyText ?? <FormattedMessage id="common.saving" defaultMessage="Saving…" />) : children}
    </Button>
  );
}
