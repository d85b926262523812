import { DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { Box } from '@mui/material';

import { FormError } from '../../../components';
import { actionTo, useAllowedActions, useItemTransition } from '../useItemTransition';
import { STATUSES, type ContentItem, type ContentQuery, type ContentStatus } from '../types';
import { BoardColumn } from './BoardColumn';

/**
 * A column per status. Dropping a card on a column takes the transition to that status when the
 * item's status and the user's role allow it; each card's menu offers the same moves without a
 * pointer.
 */
export function ContentBoard({ filters }: { filters: ContentQuery & { workspace: number } }) {
  const actionsOf = useAllowedActions();
  const transition = useItemTransition();
  // A small move threshold keeps a click on the card's link or menu a click, not a drag.
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 8 } }), useSensor(KeyboardSensor));

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const item = active.data.current?.item as ContentItem | undefined;
    if (!item || !over || over.id === item.status) return;
    const action = actionTo(actionsOf(item), over.id as ContentStatus);
    if (action) void transition.run(item.id, action);
    else transition.setError({ status: 409, code: 'transition', message: `“${item.title}” cannot move from ${item.status.replace('_', ' ')} to ${String(over.id).replace('_', ' ')}.`, fields: {} });
  };

  return (
    <>
      <FormError error={transition.error} />
      <DndContext sensors={sensors} onDragEnd={onDragEnd} accessibility={{ screenReaderInstructions: { draggable: 'Press space to pick up an item, the arrow keys to move it to another status, space again to drop it. Each item also has a menu of the moves allowed.' } }}>
        <Box sx={{ display: 'flex', gap: 1.5, overflowX: 'auto', pb: 1, scrollSnapType: 'x mandatory', alignItems: 'flex-start' }}>
          {STATUSES.map((status) => (
            <BoardColumn key={status} status={status} filters={filters} actionsOf={actionsOf} onAction={(item, action) => void transition.run(item.id, action)} />
          ))}
        </Box>
      </DndContext>
      {transition.dialog}
    </>
  );
}
