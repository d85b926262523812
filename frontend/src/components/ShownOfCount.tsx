import { Typography } from '@mui/material';
import { FormattedMessage } from 'react-intl';

/**
 * Under a list that shows one page of what the server has: how many it shows of how many, so
 * that a cut list never passes for the whole. Nothing when it shows them all.
 */
export function ShownOfCount({ shown, count }: { shown: number; count: number }) {
  if (shown >= count) return null;
  return (
    <Typography role="status" variant="body2" color="text.secondary" sx={{ px: 2, py: 1 }}>
      <FormattedMessage id="common.list.shownOf" defaultMessage="Showing {shown, number} of {count, number}." values={{ shown, count }} />
    </Typography>
  );
}
