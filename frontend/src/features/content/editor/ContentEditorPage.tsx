import { Alert, Box, Stack } from '@mui/material';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link as RouterLink, useParams } from 'react-router';

import { ErrorState, FormError, LoadingState, PageHeader, UnsavedChangesGuard } from '../../../components';
import type { ApiError } from '../../../lib/errors';
import { formatPercent } from '../../../lib/format';
import { useCurrentWorkspace } from '../../accounts';
import { loadedRows } from '../../../lib/api';
import { useGetContentQuery, useListRevisionsInfiniteQuery } from '../api';
import { ContentStatusChip } from '../components/ContentStatusChip';
import { ExportButton } from '../components/ExportButtons';
import { ITEM_FORMATS, ITEM_TEXT, type ContentItemDetail } from '../types';
import { CommentThread } from './CommentThread';
import { ConflictAlert } from './ConflictAlert';
import { OriginalDiff } from './OriginalDiff';
import { RevisionList } from './RevisionList';
import { ShowOlder } from './ShowOlder';
import { TextEditor } from './TextEditor';
import { TransitionButtons } from './TransitionButtons';
import { EDITABLE, useContentEditor } from './useContentEditor';

/** Between the parts of the subtitle. */
const SEPARATOR = ' · ';

export function ContentEditorPage() {
  const intl = useIntl();
  const id = Number(useParams().id);
  const { data, error, isLoading, refetch } = useGetContentQuery(id);
  if (isLoading) return <LoadingState label={intl.formatMessage({ id: 'content.editor.loading', defaultMessage: 'Loading content…' })} />;
  if (error || !data) return <ErrorState error={error} title={intl.formatMessage({ id: 'content.editor.error', defaultMessage: 'Could not load this item' })} onRetry={refetch} />;
  // A fresh editor per item; within one item, a refetch after a save keeps the draft in the hook.
  return <Editor key={data.id} item={data} />;
}

function Editor({ item }: { item: ContentItemDetail }) {
  const intl = useIntl();
  const { can } = useCurrentWorkspace();
  const editor = useContentEditor(item);
  const revisions = useListRevisionsInfiniteQuery(item.id);
  const { rows: loadedRevisions, count: revisionCount } = loadedRows(revisions.data);
  const [exportError, setExportError] = useState<ApiError | null>(null);
  const editable = can('editor') && EDITABLE.includes(item.status);

  return (
    <Box>
      <UnsavedChangesGuard dirty={editor.dirty && editable} what={intl.formatMessage({ id: 'content.editor.unsavedWhat', defaultMessage: 'this item' })} />
      <PageHeader
        title={item.title || intl.formatMessage(ITEM_TEXT.untitled, { id: String(item.id) })}
        subtitle={
          <>
            <FormattedMessage
              id="content.editor.meta"
              defaultMessage="{revision} · edited {edited}"
              values={{ revision: intl.formatMessage(ITEM_TEXT.revision, { revision: item.revision }), edited: formatPercent(item.edit_ratio) }}
            />
            {item.project ? (
              <>
                {SEPARATOR}
                <RouterLink to={`/content/projects/${item.project}`}>
                  <FormattedMessage id="content.editor.project" defaultMessage="project" />
                </RouterLink>
              </>
            ) : null}
            {item.generation ? (
              <>
                {SEPARATOR}
                <RouterLink to={`/history/${item.generation}`}>
                  <FormattedMessage id="content.editor.generation" defaultMessage="generation #{id}" values={{ id: String(item.generation) }} />
                </RouterLink>
              </>
            ) : null}
          </>
        }
        actions={
          <>
            <ContentStatusChip status={item.status} />
            <TransitionButtons item={item} blocked={editor.dirty} />
            <ExportButton path={`content/${item.id}/export/`} formats={ITEM_FORMATS} name={`content-${item.id}`} onError={setExportError} />
          </>
        }
      />
      <FormError error={exportError} />
      <ConflictAlert editor={editor} />
      {item.status === 'changes_requested' ? (
        <Alert severity="warning" sx={{ mb: 2 }}>
          <FormattedMessage id="content.editor.changesRequested" defaultMessage="Changes were requested: see the comments, edit, then submit again." />
        </Alert>
      ) : null}
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: 'minmax(0, 3fr) minmax(0, 2fr)' } }}>
        <Stack spacing={2} sx={{ minWidth: 0 }}>
          <TextEditor editor={editor} editable={editable} />
          <OriginalDiff item={item.id} current={item.revision} revisions={loadedRevisions} count={revisionCount} />
        </Stack>
        <Stack spacing={2} sx={{ minWidth: 0 }}>
          <CommentThread item={item.id} canWrite={can('editor')} />
          <RevisionList
            revisions={loadedRevisions}
            error={revisions.error}
            onRetry={() => void revisions.refetch()}
            older={<ShowOlder what="revisions" shown={loadedRevisions.length} count={revisionCount} loading={revisions.isFetchingNextPage} onShow={() => void revisions.fetchNextPage()} />}
          />
        </Stack>
      </Box>
    </Box>
  );
}
