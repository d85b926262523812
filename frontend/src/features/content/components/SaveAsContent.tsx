import NoteAddOutlinedIcon from '@mui/icons-material/NoteAddOutlined';
import { Alert, Button, Link } from '@mui/material';
import { useState } from 'react';
import { FormattedMessage, useIntl, type IntlShape } from 'react-intl';
import { Link as RouterLink, useNavigate } from 'react-router';

import { FormDialog, FormError } from '../../../components';
import { formatPercent } from '../../../lib/format';
import { useApiAction } from '../../../lib/hooks';
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
  const { error, run } = useApiAction();
  if (item) {
    return (
      <Button component={RouterLink} to={`/content/${item}`} startIcon={<NoteAddOutlinedIcon />}>
        <FormattedMessage id="content.save.savedLink" defaultMessage="Content · edited {edited}" values={{ edited: formatPercent(editRatio) }} />
      </Button>
    );
  }
  if (!succeeded || !can('editor')) return null;
  const save = () =>
    run(async () => {
      const item = await create({ generation }).unwrap();
      navigate(`/content/${item.id}`);
    });
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

/**
 * Every succeeded row of a finished batch becomes a draft, optionally in a project: the batch's
 * own (`project`) unless another one, or none, is chosen.
 */
export function SaveBatchAsContent({ batch, finished, project: batchProject }: { batch: number; finished: boolean; project?: number | null }) {
  const intl = useIntl();
  const { workspaceId, can } = useCurrentWorkspace();
  const [project, setProject] = useState(batchProject ? String(batchProject) : '');
  const [saved, setSaved] = useState<BatchSaved | null>(null);
  const { error, run } = useApiAction();
  const [save, { isLoading }] = useSaveBatchAsContentMutation();
  if (!finished || !can('editor')) return null;

  const submit = () => run(async () => setSaved(await save({ batch, project: project ? Number(project) : null }).unwrap()));

  return (
    <FormDialog
      opener={{ label: <FormattedMessage id="content.save.button" defaultMessage="Save as content" />, startIcon: <NoteAddOutlinedIcon /> }}
      onClose={() => setSaved(null)}
      title={<FormattedMessage id="content.saveBatch.title" defaultMessage="Save the batch as content" />}
      closeLabel={saved ? <FormattedMessage id="content.saveBatch.close" defaultMessage="Close" /> : <FormattedMessage id="content.saveBatch.cancel" defaultMessage="Cancel" />}
      actions={
        saved ? null : (
          <Button variant="contained" onClick={submit} disabled={isLoading}>
            <FormattedMessage id="content.saveBatch.submit" defaultMessage="Save succeeded rows" />
          </Button>
        )
      }
    >
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
        <ProjectPicker workspace={workspaceId ?? 0} value={project} onChange={setProject} error={error?.fields.project?.join(' ')} />
      )}
    </FormDialog>
  );
}
