import NoteAddOutlinedIcon from '@mui/icons-material/NoteAddOutlined';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Link, MenuItem, Stack, TextField } from '@mui/material';
import { useState } from 'react';
import { FormattedMessage, useIntl, type IntlShape } from 'react-intl';
import { Link as RouterLink, useNavigate } from 'react-router';

import { FormError } from '../../../components';
import { toApiError, type ApiError } from '../../../lib/errors';
import { formatPercent } from '../../../lib/format';
import { useCurrentWorkspace } from '../../accounts';
import { useCreateContentMutation, useListProjectsQuery, useSaveBatchAsContentMutation } from '../api';
import type { BatchSaved } from '../types';

/**
 * A succeeded generation becomes a draft (once). Once saved, the link to the item says how much
 * people changed the text (`edit_ratio`).
 */
export function SaveGenerationAsContent({ generation, succeeded, item, editRatio }: { generation: number; succeeded: boolean; item: number | null; editRatio: number | null }) {
  const { can } = useCurrentWorkspace();
  const navigate = useNavigate();
  const [create, { isLoading }] = useCreateContentMutation();
  const [error, setError] = useState<ApiError | null>(null);
  if (item) {
    return (
      <Button component={RouterLink} to={`/content/${item}`} startIcon={<NoteAddOutlinedIcon />}>
        <FormattedMessage id="content.save.savedLink" defaultMessage="Content · edited {edited}" values={{ edited: formatPercent(editRatio) }} />
      </Button>
    );
  }
  if (!succeeded || !can('editor')) return null;
  const save = async () => {
    setError(null);
    try {
      const item = await create({ generation }).unwrap();
      navigate(`/content/${item.id}`);
    } catch (err) {
      setError(toApiError(err));
    }
  };
  return (
    <>
      <Button startIcon={<NoteAddOutlinedIcon />} onClick={save} disabled={isLoading}>
        <FormattedMessage id="content.save.button" defaultMessage="Save as content" />
      </Button>
      {error ? <FormError error={error} /> : null}
    </>
  );
}

function savedSummary(intl: IntlShape, saved: BatchSaved): string {
  const parts = [
    intl.formatMessage({ id: 'content.saveBatch.created', defaultMessage: '{count, plural, one {# item saved as a draft.} other {# items saved as drafts.}}' }, { count: saved.created }),
  ];
  if (saved.already_saved) {
    parts.push(intl.formatMessage({ id: 'content.saveBatch.already', defaultMessage: '{count, plural, one {# was already content.} other {# were already content.}}' }, { count: saved.already_saved }));
  }
  if (saved.not_succeeded) {
    parts.push(
      intl.formatMessage(
        { id: 'content.saveBatch.notSucceeded', defaultMessage: '{count, plural, one {# row did not succeed and was not saved.} other {# rows did not succeed and were not saved.}}' },
        { count: saved.not_succeeded },
      ),
    );
  }
  return parts.join(' ');
}

/** Every succeeded row of a finished batch becomes a draft, optionally in a project. */
export function SaveBatchAsContent({ batch, finished }: { batch: number; finished: boolean }) {
  const intl = useIntl();
  const { workspaceId, can } = useCurrentWorkspace();
  const [open, setOpen] = useState(false);
  const [project, setProject] = useState('');
  const [saved, setSaved] = useState<BatchSaved | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [save, { isLoading }] = useSaveBatchAsContentMutation();
  const projects = useListProjectsQuery({ workspace: workspaceId ?? 0, archived: 'false' }, { skip: !open || !workspaceId });
  if (!finished || !can('editor')) return null;

  const submit = async () => {
    setError(null);
    try {
      setSaved(await save({ batch, project: project ? Number(project) : null }).unwrap());
    } catch (err) {
      setError(toApiError(err));
    }
  };
  const close = () => {
    setOpen(false);
    setSaved(null);
  };

  return (
    <>
      <Button startIcon={<NoteAddOutlinedIcon />} onClick={() => setOpen(true)}>
        <FormattedMessage id="content.save.button" defaultMessage="Save as content" />
      </Button>
      <Dialog open={open} onClose={close} fullWidth maxWidth="sm">
        <DialogTitle>
          <FormattedMessage id="content.saveBatch.title" defaultMessage="Save the batch as content" />
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <FormError error={error} shownFields={['project']} />
            {saved ? (
              <Alert severity="success">
                <FormattedMessage
                  id="content.saveBatch.done"
                  defaultMessage="{summary} <link>Open the content</link>"
                  values={{
                    summary: savedSummary(intl, saved),
                    link: (chunks) => (
                      <Link component={RouterLink} to={`/content?view=table${project ? `&project=${project}` : ''}`}>
                        {chunks}
                      </Link>
                    ),
                  }}
                />
              </Alert>
            ) : (
              <TextField select label={intl.formatMessage({ id: 'content.saveBatch.project', defaultMessage: 'Project' })} value={project} onChange={(e) => setProject(e.target.value)} error={Boolean(error?.fields.project)} helperText={error?.fields.project?.join(' ') ?? intl.formatMessage({ id: 'content.saveBatch.optional', defaultMessage: 'Optional.' })}>
                <MenuItem value="">
                  <FormattedMessage id="content.saveBatch.none" defaultMessage="None" />
                </MenuItem>
                {(projects.data?.results ?? []).map((p) => (
                  <MenuItem key={p.id} value={String(p.id)}>
                    {p.name}
                  </MenuItem>
                ))}
              </TextField>
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={close}>{saved ? <FormattedMessage id="content.saveBatch.close" defaultMessage="Close" /> : <FormattedMessage id="content.saveBatch.cancel" defaultMessage="Cancel" />}</Button>
          {saved ? null : (
            <Button variant="contained" onClick={submit} disabled={isLoading}>
              <FormattedMessage id="content.saveBatch.submit" defaultMessage="Save succeeded rows" />
            </Button>
          )}
        </DialogActions>
      </Dialog>
    </>
  );
}
