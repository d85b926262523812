import AddIcon from '@mui/icons-material/Add';
import {
  Button,
  Dialog,
  DialogContent,
  DialogTitle,
  Divider,
  ListItemIcon,
  ListItemText,
  MenuItem,
  Select,
  Stack,
  TextField,
  Typography,
  type SelectChangeEvent,
} from '@mui/material';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { FormError } from '../../../components';
import { fieldProps } from '../../../lib/errors';
import { useApiAction } from '../../../lib/hooks';
import { selectWorkspaceId, workspaceSelected } from '../../../lib/session';
import { useCreateWorkspaceMutation, useGetMeQuery } from '../api';
import { useRoleLabel } from '../roles';

const NEW = '__new__';

export function WorkspaceSwitcher() {
  const intl = useIntl();
  const roleLabel = useRoleLabel();
  const dispatch = useAppDispatch();
  const workspaceId = useAppSelector(selectWorkspaceId);
  const { data: me } = useGetMeQuery();
  const [creating, setCreating] = useState(false);
  const memberships = me?.memberships ?? [];

  const change = (event: SelectChangeEvent<string>) => {
    if (event.target.value === NEW) {
      setCreating(true);
      return;
    }
    dispatch(workspaceSelected(Number(event.target.value)));
  };

  return (
    <>
      <Select
        size="small"
        value={workspaceId && memberships.some((m) => m.workspace.id === workspaceId) ? String(workspaceId) : ''}
        onChange={change}
        inputProps={{ 'aria-label': intl.formatMessage({ id: 'accounts.workspaces.switch', defaultMessage: 'Workspace' }) }}
        sx={{ minWidth: 160, maxWidth: 260, bgcolor: 'background.paper' }}
      >
        {memberships.map((m) => (
          <MenuItem key={m.workspace.id} value={String(m.workspace.id)}>
            <ListItemText primary={m.workspace.name} secondary={roleLabel(m.role)} slotProps={{ secondary: { variant: 'caption' } }} />
          </MenuItem>
        ))}
        <Divider />
        <MenuItem value={NEW}>
          <ListItemIcon>
            <AddIcon fontSize="small" />
          </ListItemIcon>
          <FormattedMessage id="accounts.workspaces.newItem" defaultMessage="New workspace…" />
        </MenuItem>
      </Select>
      <Dialog open={creating} onClose={() => setCreating(false)} fullWidth maxWidth="xs">
        <DialogTitle>
          <FormattedMessage id="accounts.workspaces.newTitle" defaultMessage="New workspace" />
        </DialogTitle>
        <DialogContent>
          <CreateWorkspaceForm onDone={() => setCreating(false)} />
        </DialogContent>
      </Dialog>
    </>
  );
}

export function CreateWorkspaceForm({ title, onDone }: { title?: string; onDone?: () => void }) {
  const intl = useIntl();
  const dispatch = useAppDispatch();
  const [create, { isLoading }] = useCreateWorkspaceMutation();
  const [name, setName] = useState('');
  const { error, submitWith } = useApiAction();
  const submit = submitWith(async () => {
    const workspace = await create({ name }).unwrap();
    dispatch(workspaceSelected(workspace.id));
    onDone?.();
  });

  return (
    <Stack component="form" spacing={2} onSubmit={submit} sx={{ pt: 1 }}>
      {title ? <Typography variant="h2">{title}</Typography> : null}
      <FormError error={error} shownFields={['name']} />
      <TextField
        label={intl.formatMessage({ id: 'accounts.workspaces.name', defaultMessage: 'Workspace name' })}
        required
        // eslint-disable-next-line jsx-a11y/no-autofocus -- the New workspace dialog and the first-workspace screen exist only to take this name
        autoFocus
        value={name}
        onChange={(e) => setName(e.target.value)}
        {...fieldProps(error, 'name')}
      />
      <Button type="submit" variant="contained" disabled={!name.trim() || isLoading}>
        <FormattedMessage id="accounts.workspaces.create" defaultMessage="Create workspace" />
      </Button>
    </Stack>
  );
}
