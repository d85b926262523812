import { useDraggable } from '@dnd-kit/core';
import { Card, CardContent, Link, Stack, Typography } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router';

import { formatDateTime, formatPercent } from '../../../lib/format';
import { ITEM_TEXT, type Action, type ContentItem } from '../types';
import { StatusMenu } from './StatusMenu';

/**
 * An item on the board: dragged by its body (the board draws the moving copy, so a drop never
 * lands as a click on the title's link), moved from the keyboard through its menu.
 */
export function ContentCard({ item, actions, onAction }: { item: ContentItem; actions: Action[]; onAction: (action: Action) => void }) {
  const intl = useIntl();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, isDragging } = useDraggable({ id: item.id, data: { item }, disabled: !actions.length });
  // The card itself is the handle: keys pressed on its link or menu stay theirs.
  const handle = (node: HTMLDivElement | null) => {
    setNodeRef(node);
    setActivatorNodeRef(node);
  };
  return (
    <Card
      ref={handle}
      variant="outlined"
      aria-label={item.title}
      sx={{ opacity: isDragging ? 0.4 : 1, cursor: actions.length ? 'grab' : 'default', touchAction: 'manipulation' }}
      {...listeners}
      {...attributes}
      role="listitem"
    >
      <CardContent sx={{ p: 1.5, '&:last-child': { pb: 1.5 } }}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start', justifyContent: 'space-between' }}>
          <Link component={RouterLink} to={`/content/${item.id}`} sx={{ fontWeight: 500, wordBreak: 'break-word' }}>
            {item.title || intl.formatMessage(ITEM_TEXT.untitled, { id: String(item.id) })}
          </Link>
          <StatusMenu title={item.title} actions={actions} onAction={onAction} />
        </Stack>
        <Typography variant="body2" color="text.secondary">
          <FormattedMessage
            id="content.card.meta"
            defaultMessage="{revision} · edited {edited} · {updated}"
            values={{ revision: intl.formatMessage(ITEM_TEXT.revision, { revision: item.revision }), edited: formatPercent(item.edit_ratio), updated: formatDateTime(item.updated_at) }}
          />
        </Typography>
        {item.assignee ? (
          <Typography variant="body2" color="text.secondary">
            {item.assignee.email}
          </Typography>
        ) : null}
      </CardContent>
    </Card>
  );
}
