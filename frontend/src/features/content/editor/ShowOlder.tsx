import { Button, Stack, Typography } from '@mui/material';
import { defineMessages, useIntl, type MessageDescriptor } from 'react-intl';

type History = 'revisions' | 'comments';

const SUMMARY: Record<History, MessageDescriptor> = defineMessages({
  revisions: { id: 'content.history.revisionsShown', defaultMessage: 'Showing the latest {shown, number} of {count, number} revisions.' },
  comments: { id: 'content.history.commentsShown', defaultMessage: 'Showing the latest {shown, number} of {count, number} comments.' },
});

const SHOW: Record<History, MessageDescriptor> = defineMessages({
  revisions: { id: 'content.history.olderRevisions', defaultMessage: 'Show older revisions' },
  comments: { id: 'content.history.olderComments', defaultMessage: 'Show older comments' },
});

interface Props {
  what: History;
  /** Rows loaded, the latest ones. */
  shown: number;
  /** Rows the server has. */
  count: number;
  /** The next page is on its way. */
  loading: boolean;
  onShow: () => void;
}

/** When an item's history has more than is loaded: how many are shown, and a button for the next page. */
export function ShowOlder({ what, shown, count, loading, onShow }: Props) {
  const intl = useIntl();
  if (shown >= count) return null;
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
      <Typography variant="body2" color="text.secondary" role="status">
        {intl.formatMessage(SUMMARY[what], { shown, count })}
      </Typography>
      <Button size="small" onClick={onShow} disabled={loading}>
        {intl.formatMessage(SHOW[what])}
      </Button>
    </Stack>
  );
}
