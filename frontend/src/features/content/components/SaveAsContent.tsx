import NoteAddOutlinedIcon from '@mui/icons-material/NoteAddOutlined';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Link, Stack } from '@mui/material';
import { useState } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router';

import { FormError } from '../../../components';
import { toApiError, type ApiError } from '../../../lib/errors';
import { formatPercent } from '../../../lib/format';
import { useCurrentWorkspace } from '../../accounts';
import { useCreateContentMutation, useSaveBatchAsContentMutation } from '../api';
import type { BatchSaved } from '../types';
import { ProjectPicker } from './ProjectPicker';

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
        Content · edited {formatPercent(editRatio)}
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
        Save as content
      </Button>
      {error ? <FormError error={error} /> : null}
    </>
  );
}

function savedSummary(saved: BatchSaved): string {
  const parts = [`${saved.created} items saved as drafts`];
  if (saved.already_saved) parts.push(`${saved.already_saved} were already content`);
  if (saved.not_succeeded) parts.push(`${saved.not_succeeded} rows did not succeed and were not saved`);
  return `${parts.join('; ')}.`;
}

/**
 * Every succeeded row of a finished batch becomes a draft, optionally in a project: the batch's
 * own (`project`) unless another one, or none, is chosen.
 */
export function SaveBatchAsContent({ batch, finished, project: batchProject }: { batch: number; finished: boolean; project?: number | null }) {
  const { workspaceId, can } = useCurrentWorkspace();
  const [open, setOpen] = useState(false);
  const [project, setProject] = useState(batchProject ? String(batchProject) : '');
  const [saved, setSaved] = useState<BatchSaved | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [save, { isLoading }] = useSaveBatchAsContentMutation();
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
        Save as content
      </Button>
      <Dialog open={open} onClose={close} fullWidth maxWidth="sm">
        <DialogTitle>Save the batch as content</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <FormError error={error} shownFields={['project']} />
            {saved ? (
              <Alert severity="success">
                {savedSummary(saved)}{' '}
                <Link component={RouterLink} to={`/content?view=table${project ? `&project=${project}` : ''}`}>
                  Open the content
                </Link>
              </Alert>
            ) : (
              <ProjectPicker workspace={workspaceId ?? 0} value={project} onChange={setProject} error={error?.fields.project?.join(' ')} skip={!open} />
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={close}>{saved ? 'Close' : 'Cancel'}</Button>
          {saved ? null : (
            <Button variant="contained" onClick={submit} disabled={isLoading}>
              Save succeeded rows
            </Button>
          )}
        </DialogActions>
      </Dialog>
    </>
  );
}
