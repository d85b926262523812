import { useDroppable } from '@dnd-kit/core';
import { Alert, Box, Link, Paper, Stack, Typography } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router';

import { ErrorState, LoadingState } from '../../../components';
import { toQuery } from '../../../lib/api';
import { useListContentQuery } from '../api';
import { STATUS_LABELS, type Action, type ContentItem, type ContentQuery, type ContentStatus } from '../types';
import { ContentCard } from './ContentCard';

/** Cards a column shows; past it the column says how many more and links to the table. */
export const COLUMN_SIZE = 25;

export function BoardColumn({
  status,
  filters,
  actionsOf,
  onAction,
}: {
  status: ContentStatus;
  filters: ContentQuery & { workspace: number };
  actionsOf: (item: ContentItem) => Action[];
  onAction: (item: ContentItem, action: Action) => void;
}) {
  const intl = useIntl();
  const label = intl.formatMessage(STATUS_LABELS[status]);
  const { setNodeRef, isOver } = useDroppable({ id: status });
  const { data, error, isLoading, refetch } = useListContentQuery({ ...filters, status, ordering: '-updated_at', page_size: COLUMN_SIZE });
  const hidden = data ? data.count - data.results.length : 0;
  return (
    <Paper
      ref={setNodeRef}
      variant="outlined"
      component="section"
      aria-label={label}
      sx={{ p: 1, minWidth: 0, bgcolor: isOver ? 'action.selected' : 'background.default' }}
    >
      <Typography variant="subtitle2" component="h2" sx={{ px: 0.5, pb: 1 }}>
        {data ? <FormattedMessage id="content.board.columnCount" defaultMessage="{status} ({count, number})" values={{ status: label, count: data.count }} /> : label}
      </Typography>
      {isLoading ? <LoadingState /> : null}
      {error ? <ErrorState error={error} onRetry={refetch} /> : null}
      <Stack spacing={1} role="list" aria-label={intl.formatMessage({ id: 'content.board.columnItems', defaultMessage: '{status} items' }, { status: label })}>
        {data?.results.map((item) => (
          <ContentCard key={item.id} item={item} actions={actionsOf(item)} onAction={(action) => onAction(item, action)} />
        ))}
      </Stack>
      {data && !data.count ? (
        <Box sx={{ p: 1 }}>
          <Typography variant="body2" color="text.secondary">
            <FormattedMessage id="content.board.empty" defaultMessage="Nothing here." />
          </Typography>
        </Box>
      ) : null}
      {hidden > 0 ? (
        <Alert severity="info" sx={{ mt: 1 }}>
          <FormattedMessage
            id="content.board.hidden"
            defaultMessage="{count, plural, one {# more not shown.} other {# more not shown.}} <link>Open them in the table</link>"
            values={{
              count: hidden,
              link: (chunks) => (
                <Link component={RouterLink} to={`/content${toQuery({ ...filters, workspace: undefined, status, view: 'table' })}`}>
                  {chunks}
                </Link>
              ),
            }}
          />
        </Alert>
      ) : null}
    </Paper>
  );
}
