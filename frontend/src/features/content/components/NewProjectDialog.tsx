import { Button, TextField } from '@mui/material';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useNavigate } from 'react-router';

import { DateField, FormDialog, FormError } from '../../../components';
import { fieldProps } from '../../../lib/errors';
import { useApiAction } from '../../../lib/hooks';
import { useCreateProjectMutation } from '../api';

export function NewProjectDialog({ workspace, open, onClose }: { workspace: number; open: boolean; onClose: () => void }) {
  const intl = useIntl();
  const navigate = useNavigate();
  const [create, { isLoading }] = useCreateProjectMutation();
  const [name, setName] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [description, setDescription] = useState('');
  const { error, submitWith } = useApiAction();
  const submit = submitWith(async () => {
    const project = await create({ workspace, name, description, due_date: dueDate || null }).unwrap();
    onClose();
    navigate(`/content/projects/${project.id}`);
  });

  return (
    <FormDialog
      open={open}
      onClose={onClose}
      onSubmit={submit}
      title={<FormattedMessage id="content.newProject.title" defaultMessage="New project" />}
      actions={
        <Button type="submit" variant="contained" disabled={isLoading || !name.trim()}>
          <FormattedMessage id="content.newProject.create" defaultMessage="Create project" />
        </Button>
      }
    >
      <FormError error={error} shownFields={['name', 'due_date', 'description']} />
      <TextField label={intl.formatMessage({ id: 'content.newProject.name', defaultMessage: 'Name' })} value={name} onChange={(e) => setName(e.target.value)} required {...fieldProps(error, 'name')} />
      <DateField label={intl.formatMessage({ id: 'content.newProject.dueDate', defaultMessage: 'Due date' })} value={dueDate} onChange={(e) => setDueDate(e.target.value)} {...fieldProps(error, 'due_date')} />
      <TextField label={intl.formatMessage({ id: 'content.newProject.description', defaultMessage: 'Description' })} value={description} onChange={(e) => setDescription(e.target.value)} multiline minRows={2} {...fieldProps(error, 'description')} />
    </FormDialog>
  );
}
