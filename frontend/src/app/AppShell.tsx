import CompareArrowsIcon from '@mui/icons-material/CompareArrows';
import DashboardOutlinedIcon from '@mui/icons-material/DashboardOutlined';
import DescriptionOutlinedIcon from '@mui/icons-material/DescriptionOutlined';
import EditNoteOutlinedIcon from '@mui/icons-material/EditNoteOutlined';
import HistoryIcon from '@mui/icons-material/History';
import InsightsOutlinedIcon from '@mui/icons-material/InsightsOutlined';
import MenuIcon from '@mui/icons-material/Menu';
import PlayCircleOutlineIcon from '@mui/icons-material/PlayCircleOutlined';
import SettingsOutlinedIcon from '@mui/icons-material/SettingsOutlined';
import ViewListOutlinedIcon from '@mui/icons-material/ViewListOutlined';
import {
  AppBar,
  Box,
  Drawer,
  IconButton,
  Link,
  List,
  ListItemButton,
  ListItemIcon,
  ListItemText,
  Toolbar,
  Typography,
  useMediaQuery,
  useTheme,
} from '@mui/material';
import { Suspense, useState, type ReactNode } from 'react';
import { defineMessage, FormattedMessage, useIntl, type MessageDescriptor } from 'react-intl';
import { NavLink, Outlet, useLocation } from 'react-router';

import { LoadingState } from '../components';
import { PRODUCT_NAME } from '../config/constants';
import { UserMenu, WorkspaceSwitcher } from '../features/accounts';

const DRAWER_WIDTH = 220;

const NAV: { to: string; label: MessageDescriptor; icon: ReactNode; end?: boolean }[] = [
  { to: '/', label: defineMessage({ id: 'nav.dashboard', defaultMessage: 'Dashboard' }), icon: <DashboardOutlinedIcon />, end: true },
  { to: '/templates', label: defineMessage({ id: 'nav.templates', defaultMessage: 'Templates' }), icon: <DescriptionOutlinedIcon /> },
  { to: '/generate', label: defineMessage({ id: 'nav.generate', defaultMessage: 'Generate' }), icon: <PlayCircleOutlineIcon /> },
  { to: '/history', label: defineMessage({ id: 'nav.history', defaultMessage: 'History' }), icon: <HistoryIcon /> },
  { to: '/batches', label: defineMessage({ id: 'nav.batches', defaultMessage: 'Batches' }), icon: <ViewListOutlinedIcon /> },
  { to: '/compare', label: defineMessage({ id: 'nav.compare', defaultMessage: 'Compare' }), icon: <CompareArrowsIcon /> },
  { to: '/content', label: defineMessage({ id: 'nav.content', defaultMessage: 'Content' }), icon: <EditNoteOutlinedIcon /> },
  { to: '/analytics', label: defineMessage({ id: 'nav.analytics', defaultMessage: 'Analytics' }), icon: <InsightsOutlinedIcon /> },
  { to: '/settings', label: defineMessage({ id: 'nav.settings', defaultMessage: 'Settings' }), icon: <SettingsOutlinedIcon /> },
];

export function AppShell() {
  const intl = useIntl();
  const theme = useTheme();
  const desktop = useMediaQuery(theme.breakpoints.up('md'));
  const [open, setOpen] = useState(false);
  const location = useLocation();

  const nav = (
    <List component="nav" aria-label={intl.formatMessage({ id: 'nav.main', defaultMessage: 'Main' })}>
      {NAV.map((item) => {
        const active = item.end ? location.pathname === item.to : location.pathname.startsWith(item.to);
        return (
          <ListItemButton key={item.to} component={NavLink} to={item.to} end={item.end} selected={active} onClick={() => setOpen(false)}>
            <ListItemIcon sx={{ minWidth: 40 }}>{item.icon}</ListItemIcon>
            <ListItemText primary={intl.formatMessage(item.label)} />
          </ListItemButton>
        );
      })}
    </List>
  );

  return (
    <Box sx={{ display: 'flex', minHeight: '100vh' }}>
      <Link href="#main" sx={{ position: 'absolute', left: -9999, '&:focus': { left: 8, top: 8, zIndex: 2000, bgcolor: 'background.paper', p: 1 } }}>
        <FormattedMessage id="nav.skipToContent" defaultMessage="Skip to content" />
      </Link>
      <AppBar position="fixed" elevation={0} sx={{ zIndex: (t) => t.zIndex.drawer + 1 }}>
        <Toolbar sx={{ gap: 1 }}>
          {!desktop ? (
            <IconButton color="inherit" edge="start" aria-label={intl.formatMessage({ id: 'nav.open', defaultMessage: 'Open navigation' })} onClick={() => setOpen(true)}>
              <MenuIcon />
            </IconButton>
          ) : null}
          <Typography variant="h6" component="div" noWrap sx={{ mr: 2, display: { xs: 'none', sm: 'block' } }}>
            {PRODUCT_NAME}
          </Typography>
          <Box sx={{ flexGrow: 1 }} />
          <WorkspaceSwitcher />
          <UserMenu />
        </Toolbar>
      </AppBar>
      <Drawer
        variant={desktop ? 'permanent' : 'temporary'}
        open={desktop || open}
        onClose={() => setOpen(false)}
        sx={{ width: DRAWER_WIDTH, flexShrink: 0, '& .MuiDrawer-paper': { width: DRAWER_WIDTH, boxSizing: 'border-box' } }}
      >
        <Toolbar />
        {nav}
      </Drawer>
      <Box component="main" id="main" tabIndex={-1} sx={{ flexGrow: 1, minWidth: 0, p: { xs: 1.5, sm: 3 }, outline: 'none' }}>
        <Toolbar />
        {/* A screen's chunk loads on its first visit: the shell stays, the page says it is loading. */}
        <Suspense fallback={<LoadingState />}>
          <Outlet />
        </Suspense>
      </Box>
    </Box>
  );
}
