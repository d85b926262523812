import { Alert, Box, Stack } from '@mui/material';
import { useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router';

import { ErrorState, FormError, LoadingState, PageHeader, StatusChip, UnsavedChangesGuard } from '../../../components';
import type { ApiError } from '../../../lib/errors';
import { formatPercent } from '../../../lib/format';
import { useCurrentWorkspace } from '../../accounts';
import { useGetContentQuery, useListRevisionsQuery } from '../api';
import { ExportButton } from '../components/ExportButtons';
import { ITEM_FORMATS, type ContentItemDetail } from '../types';
import { CommentThread } from './CommentThread';
import { ConflictAlert } from './ConflictAlert';
import { OriginalDiff } from './OriginalDiff';
import { RevisionList } from './RevisionList';
import { TextEditor } from './TextEditor';
import { TransitionButtons } from './TransitionButtons';
import { EDITABLE, useContentEditor } from './useContentEditor';

export function ContentEditorPage() {
  const id = Number(useParams().id);
  const { data, error, isLoading, refetch } = useGetContentQuery(id);
  if (isLoading) return <LoadingState label="Loading content…" />;
  if (error || !data) return <ErrorState error={error} title="Could not load this item" onRetry={refetch} />;
  // A fresh editor per item; within one item, a refetch after a save keeps the draft in the hook.
  return <Editor key={data.id} item={data} />;
}

function Editor({ item }: { item: ContentItemDetail }) {
  const { can } = useCurrentWorkspace();
  const editor = useContentEditor(item);
  const revisions = useListRevisionsQuery(item.id);
  const [exportError, setExportError] = useState<ApiError | null>(null);
  const editable = can('editor') && EDITABLE.includes(item.status);

  return (
    <Box>
      <UnsavedChangesGuard dirty={editor.dirty && editable} what="this item" />
      <PageHeader
        title={item.title || `Item #${item.id}`}
        subtitle={
          <>
            r{item.revision} · edited {formatPercent(item.edit_ratio)}
            {item.project ? (
              <>
                {' · '}
                <RouterLink to={`/content/projects/${item.project}`}>project</RouterLink>
              </>
            ) : null}
            {item.generation ? (
              <>
                {' · '}
                <RouterLink to={`/history/${item.generation}`}>generation #{item.generation}</RouterLink>
              </>
            ) : null}
          </>
        }
        actions={
          <>
            <StatusChip status={item.status} />
            <TransitionButtons item={item} blocked={editor.dirty} />
            <ExportButton path={`content/${item.id}/export/`} formats={ITEM_FORMATS} name={`content-${item.id}`} onError={setExportError} />
          </>
        }
      />
      <FormError error={exportError} />
      <ConflictAlert editor={editor} />
      {item.status === 'changes_requested' ? <Alert severity="warning" sx={{ mb: 2 }}>Changes were requested: see the comments, edit, then submit again.</Alert> : null}
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: 'minmax(0, 3fr) minmax(0, 2fr)' } }}>
        <Stack spacing={2} sx={{ minWidth: 0 }}>
          <TextEditor editor={editor} editable={editable} />
          <OriginalDiff item={item.id} current={item.revision} revisions={revisions.data?.results ?? []} />
        </Stack>
        <Stack spacing={2} sx={{ minWidth: 0 }}>
          <CommentThread item={item.id} canWrite={can('editor')} />
          <RevisionList revisions={revisions.data?.results ?? []} />
        </Stack>
      </Box>
    </Box>
  );
}
