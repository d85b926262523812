import type { Active, Announcements, Over, ScreenReaderInstructions } from '@dnd-kit/core';
import { defineMessages, useIntl, type MessageDescriptor } from 'react-intl';

import type { ContentItem, ContentStatus } from '../types';
import { useStatusWord } from './ContentStatusChip';

const TEXT: Record<'instructions' | 'pickedUp' | 'over' | 'notOver' | 'droppedOn' | 'dropped' | 'cancelled', MessageDescriptor> = defineMessages({
  instructions: {
    id: 'content.board.dragInstructions',
    defaultMessage: 'Press space to pick up an item, the arrow keys to move it to another status, space again to drop it. Each item also has a menu of the moves allowed.',
  },
  pickedUp: { id: 'content.board.pickedUp', defaultMessage: 'Picked up “{title}”.' },
  over: { id: 'content.board.over', defaultMessage: '“{title}” is over {status}.' },
  notOver: { id: 'content.board.notOver', defaultMessage: '“{title}” is no longer over a status.' },
  droppedOn: { id: 'content.board.droppedOn', defaultMessage: '“{title}” was dropped on {status}.' },
  dropped: { id: 'content.board.dropped', defaultMessage: '“{title}” was dropped.' },
  cancelled: { id: 'content.board.cancelled', defaultMessage: 'Moving was cancelled. “{title}” was dropped.' },
});

/**
 * What the board says to a screen reader, in the user's language and by the item's title and the
 * column's status (dnd-kit's own announcements are English and name ids).
 */
export function useBoardAccessibility(): { announcements: Announcements; screenReaderInstructions: ScreenReaderInstructions } {
  const intl = useIntl();
  const statusWord = useStatusWord();
  const title = (active: Active) => (active.data.current?.item as ContentItem | undefined)?.title ?? String(active.id);
  const status = (over: Over) => statusWord(over.id as ContentStatus);
  return {
    screenReaderInstructions: { draggable: intl.formatMessage(TEXT.instructions) },
    announcements: {
      onDragStart: ({ active }) => intl.formatMessage(TEXT.pickedUp, { title: title(active) }),
      onDragOver: ({ active, over }) =>
        over ? intl.formatMessage(TEXT.over, { title: title(active), status: status(over) }) : intl.formatMessage(TEXT.notOver, { title: title(active) }),
      onDragEnd: ({ active, over }) =>
        over ? intl.formatMessage(TEXT.droppedOn, { title: title(active), status: status(over) }) : intl.formatMessage(TEXT.dropped, { title: title(active) }),
      onDragCancel: ({ active }) => intl.formatMessage(TEXT.cancelled, { title: title(active) }),
    },
  };
}
