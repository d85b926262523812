import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useNavigate } from 'react-router';

import { FormError } from '../../../components';
import { toApiError, type ApiError } from '../../../lib/errors';
import { useCreateProjectMutation } from '../api';

export function NewProjectDialog({ workspace, open, onClose }: { workspace: number; open: boolean; onClose: () => void }) {
  const intl = useIntl();
  const navigate = useNavigate();
  const [create, { isLoading }] = useCreateProjectMutation();
  const [name, setName] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const field = (key: string) => ({ error: Boolean(error?.fields[key]), helperText: error?.fields[key]?.join(' ') });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const project = await create({ workspace, name, description, due_date: dueDate || null }).unwrap();
      onClose();
      navigate(`/content/projects/${project.id}`);
    } catch (err) {
      setError(toApiError(err));
    }
  };

  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm">
      <form onSubmit={submit}>
        <DialogTitle>
          <FormattedMessage id="content.newProject.title" defaultMessage="New project" />
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <FormError error={error} shownFields={['name', 'due_date', 'description']} />
            <TextField label={intl.formatMessage({ id: 'content.newProject.name', defaultMessage: 'Name' })} value={name} onChange={(e) => setName(e.target.value)} required {...field('name')} />
            <TextField label={intl.formatMessage({ id: 'content.newProject.dueDate', defaultMessage: 'Due date' })} type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} {...field('due_date')} />
            <TextField label={intl.formatMessage({ id: 'content.newProject.description', defaultMessage: 'Description' })} value={description} onChange={(e) => setDescription(e.target.value)} multiline minRows={2} {...field('description')} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>
            <FormattedMessage id="content.newProject.cancel" defaultMessage="Cancel" />
          </Button>
          <Button type="submit" variant="contained" disabled={isLoading || !name.trim()}>
            <FormattedMessage id="content.newProject.create" defaultMessage="Create project" />
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
