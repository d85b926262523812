import MoreVertIcon from '@mui/icons-material/MoreVert';
import { IconButton, Menu, MenuItem } from '@mui/material';
import { useState } from 'react';

import { ACTIONS, type Action } from '../types';

/** The keyboard- and touch-friendly way to move an item: a menu of the transitions allowed. */
export function StatusMenu({ title, actions, onAction }: { title: string; actions: Action[]; onAction: (action: Action) => void }) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  if (!actions.length) return null;
  return (
    <>
      <IconButton size="small" aria-label={`Move ${title}`} aria-haspopup="menu" onClick={(e) => setAnchor(e.currentTarget)}>
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
            {ACTIONS[action].label}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
