import MoreVertIcon from '@mui/icons-material/MoreVert';
import { IconButton, Menu, MenuItem } from '@mui/material';
import { useState } from 'react';
import { useIntl } from 'react-intl';

import { ACTIONS, type Action } from '../types';

/** The keyboard- and touch-friendly way to move an item: a menu of the transitions allowed. */
export function StatusMenu({ title, actions, onAction }: { title: string; actions: Action[]; onAction: (action: Action) => void }) {
  const intl = useIntl();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  if (!actions.length) return null;
  return (
    <>
      <IconButton size="small" aria-label={intl.formatMessage({ id: 'content.board.move', defaultMessage: 'Move {title}' }, { title })} aria-haspopup="menu" onClick={(e) => setAnchor(e.currentTarget)}>
        <MoreVertIcon fontSize="small" />
      </IconButton>
      <Menu anchorEl={anchor} open={Boolean(anchor)} onClose={() => setAnchor(null)}>
        {actions.map((action) => (
          <MenuItem
            key={action}
            onClick={() => {
              setAnchor(null);
              onAction(action);
            }}
          >
            {intl.formatMessage(ACTIONS[action].label)}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
