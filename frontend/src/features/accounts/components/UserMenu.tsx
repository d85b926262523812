import AccountCircleIcon from '@mui/icons-material/AccountCircle';
import { Divider, IconButton, ListItemText, Menu, MenuItem } from '@mui/material';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useNavigate } from 'react-router';

import { useGetMeQuery } from '../api';
import { useSignOut } from '../hooks';
import { LanguageMenuItems } from './LanguageMenuItems';

export function UserMenu() {
  const intl = useIntl();
  const { data: me } = useGetMeQuery();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const close = () => setAnchor(null);
  /** Close the menu, do what was chosen (sign out), then open `page`. */
  const go = (page: string, first?: () => Promise<void>) => async () => {
    close();
    await first?.();
    navigate(page);
  };
  return (
    <>
      <IconButton
        color="inherit"
        aria-label={intl.formatMessage({ id: 'accounts.userMenu.open', defaultMessage: 'Account menu' })}
        onClick={(e) => setAnchor(e.currentTarget)}
      >
        <AccountCircleIcon />
      </IconButton>
      <Menu anchorEl={anchor} open={Boolean(anchor)} onClose={close}>
        <MenuItem disabled>
          <ListItemText primary={[me?.first_name, me?.last_name].filter(Boolean).join(' ') || me?.email} secondary={me?.email} />
        </MenuItem>
        <Divider />
        <MenuItem onClick={go('/profile')}>
          <FormattedMessage id="accounts.userMenu.profile" defaultMessage="Profile" />
        </MenuItem>
        <MenuItem onClick={go('/settings')}>
          <FormattedMessage id="accounts.userMenu.settings" defaultMessage="Settings" />
        </MenuItem>
        <Divider />
        <LanguageMenuItems onChosen={close} />
        <Divider />
        <MenuItem onClick={go('/login', signOut)}>
          <FormattedMessage id="accounts.userMenu.signOut" defaultMessage="Sign out" />
        </MenuItem>
      </Menu>
    </>
  );
}
