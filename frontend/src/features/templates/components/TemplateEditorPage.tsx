import { Alert, Box, Stack } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';
import { useParams } from 'react-router';

import { ErrorState, LoadingState, UnsavedChangesGuard } from '../../../components';
import { useCurrentWorkspace } from '../../accounts';
import { TemplateQuality } from '../../analytics';
import { LabelsSection, VersionAnalytics } from '../../releases';
import { useGetTemplateQuery } from '../api';
import { ConflictAlert } from '../editor/ConflictAlert';
import { EditorForm } from '../editor/EditorForm';
import { EditorHeader } from '../editor/EditorHeader';
import { useTemplateEditor } from '../editor/useTemplateEditor';
import type { Template } from '../types';
import { PreviewPanel } from './PreviewPanel';
import { VersionHistory } from './VersionHistory';

export function TemplateEditorPage() {
  const intl = useIntl();
  const { id } = useParams();
  const isNew = !id || id === 'new';
  const { data, error, isLoading, refetch } = useGetTemplateQuery(Number(id), { skip: isNew });
  if (isNew) return <TemplateEditor />;
  if (isLoading) return <LoadingState label={intl.formatMessage({ id: 'templates.editor.loading', defaultMessage: 'Loading template…' })} />;
  if (error || !data) {
    return <ErrorState error={error} title={intl.formatMessage({ id: 'templates.editor.loadError', defaultMessage: 'Could not load this template' })} onRetry={refetch} />;
  }
  return <TemplateEditor key={data.id} template={data} />;
}

function TemplateEditor({ template }: { template?: Template }) {
  const { workspaceId, can } = useCurrentWorkspace();
  const canEdit = can('editor');
  const editor = useTemplateEditor(template, workspaceId);
  const { conflict, notice } = editor;

  return (
    <Box>
      <UnsavedChangesGuard dirty={editor.dirty && canEdit} />
      <EditorHeader template={template} canEdit={canEdit} onError={editor.setError} />
      {conflict ? (
        <ConflictAlert
          conflict={conflict}
          baseVersion={editor.baseVersion}
          draft={editor.draft}
          onLoadNewer={editor.conflictActions.loadNewer}
          onKeepMine={editor.conflictActions.keepMine}
        />
      ) : null}
      {notice ? (
        <Alert severity="success" sx={{ mb: 2 }} onClose={() => editor.setNotice(null)}>
          {notice}
        </Alert>
      ) : null}
      {!canEdit ? (
        <Alert severity="info" sx={{ mb: 2 }}>
          <FormattedMessage id="templates.editor.readOnly" defaultMessage="You can read this template; editors and above can change it." />
        </Alert>
      ) : null}
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: template ? 'minmax(0, 3fr) minmax(0, 2fr)' : 'minmax(0, 1fr)' } }}>
        <EditorForm editor={editor} isNew={!template} canEdit={canEdit} workspaceId={workspaceId} />
        {template ? (
          <Stack spacing={2} sx={{ minWidth: 0 }}>
            <PreviewPanel template={template} dirty={editor.dirty} />
            <VersionHistory template={template} shownVersion={editor.baseVersion} canEdit={canEdit} restoring={editor.restoring} onRestore={editor.restoreVersion} />
            <LabelsSection template={template} />
          </Stack>
        ) : null}
      </Box>
      {template ? (
        <Stack spacing={2} sx={{ mt: 2 }}>
          <VersionAnalytics template={template.id} />
          {workspaceId ? <TemplateQuality workspace={workspaceId} template={template.id} /> : null}
        </Stack>
      ) : null}
    </Box>
  );
}
