import { DndContext, DragOverlay, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent, type DragStartEvent } from '@dnd-kit/core';
import { Box, Card, CardContent, Typography } from '@mui/material';
import { useState } from 'react';
import { useIntl } from 'react-intl';

import { FormError } from '../../../components';
import { actionTo, useAllowedActions, useItemTransition } from '../useItemTransition';
import { STATUSES, type ContentItem, type ContentQuery, type ContentStatus } from '../types';
import { BoardColumn } from './BoardColumn';
import { useStatusWord } from './ContentStatusChip';
import { useBoardAccessibility } from './useBoardAccessibility';

/**
 * A column per status. Dropping a card on a column takes the transition to that status when the
 * item's status and the user's role allow it; each card's menu offers the same moves without a
 * pointer.
 */
export function ContentBoard({ filters }: { filters: ContentQuery & { workspace: number } }) {
  const intl = useIntl();
  const statusWord = useStatusWord();
  const accessibility = useBoardAccessibility();
  const actionsOf = useAllowedActions();
  const transition = useItemTransition();
  const [moving, setMoving] = useState<ContentItem | null>(null);
  // A small move threshold keeps a click on the card's link or menu a click, not a drag.
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 8 } }), useSensor(KeyboardSensor));

  const onDragStart = ({ active }: DragStartEvent) => setMoving((active.data.current?.item as ContentItem | undefined) ?? null);
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setMoving(null);
    const item = active.data.current?.item as ContentItem | undefined;
    if (!item || !over || over.id === item.status) return;
    const action = actionTo(actionsOf(item), over.id as ContentStatus);
    if (action) {
      void transition.run(item.id, action);
      return;
    }
    const message = intl.formatMessage(
      { id: 'content.board.cannotMove', defaultMessage: '“{title}” cannot move from {from} to {to}.' },
      { title: item.title, from: statusWord(item.status), to: statusWord(over.id as ContentStatus) },
    );
    transition.setError({ status: 409, code: 'transition', message, fields: {} });
  };

  return (
    <>
      <FormError error={transition.error} />
      <DndContext sensors={sensors} onDragStart={onDragStart} onDragEnd={onDragEnd} onDragCancel={() => setMoving(null)} accessibility={accessibility}>
        <Box sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', alignItems: 'start' }}>
          {STATUSES.map((status) => (
            <BoardColumn key={status} status={status} filters={filters} actionsOf={actionsOf} onAction={(item, action) => void transition.run(item.id, action)} />
          ))}
        </Box>
        <DragOverlay>
          {moving ? (
            <Card raised sx={{ cursor: 'grabbing' }}>
              <CardContent sx={{ p: 1.5, '&:last-child': { pb: 1.5 } }}>
                <Typography sx={{ fontWeight: 500 }}>{moving.title}</Typography>
              </CardContent>
            </Card>
          ) : null}
        </DragOverlay>
      </DndContext>
      {transition.dialog}
    </>
  );
}
