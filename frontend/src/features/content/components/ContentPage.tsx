import { Alert, Box, Button } from '@mui/material';
import { useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router';

import { FormError, OptionToggle, PageHeader } from '../../../components';
import { toQuery } from '../../../lib/api';
import type { ApiError } from '../../../lib/errors';
import { useDebounced } from '../../../lib/hooks';
import { useUrlState } from '../../../lib/useUrlState';
import { useCurrentWorkspace } from '../../accounts';
import { LIST_FORMATS, type ContentQuery } from '../types';
import { ContentBoard } from './ContentBoard';
import { CONTENT_FILTERS, ContentFilters } from './ContentFilters';
import { ContentTable } from './ContentTable';
import { ExportButton } from './ExportButtons';
import { NewProjectDialog } from './NewProjectDialog';

const VIEW_LABELS = defineMessages({
  board: { id: 'content.page.board', defaultMessage: 'Board' },
  table: { id: 'content.page.table', defaultMessage: 'Table' },
});

/** The list's API filters from the URL's values (the board leaves status and order to its columns). */
function queryOf(values: typeof CONTENT_FILTERS, search: string): ContentQuery {
  const board = values.view === 'board';
  return {
    search: search || undefined,
    project: values.project ? Number(values.project) : undefined,
    status: board || !values.status ? undefined : (values.status as ContentQuery['status']),
    ordering: board ? undefined : values.ordering,
  };
}

export function ContentPage() {
  const intl = useIntl();
  const { workspaceId, can } = useCurrentWorkspace();
  const { values, page, set, setPage, reset, filtering } = useUrlState(CONTENT_FILTERS);
  const search = useDebounced(values.search);
  const [creating, setCreating] = useState(false);
  const [exportError, setExportError] = useState<ApiError | null>(null);
  if (!workspaceId) return (
      <Alert severity="info">
        <FormattedMessage id="content.page.noWorkspace" defaultMessage="Choose a workspace to see its content." />
      </Alert>
    );
  const query = queryOf(values, search);
  const filters = { ...query, workspace: workspaceId };

  return (
    <Box>
      <PageHeader
        title={intl.formatMessage({ id: 'content.page.title', defaultMessage: 'Content' })}
        subtitle={intl.formatMessage({ id: 'content.page.subtitle', defaultMessage: 'Generated drafts, edited, reviewed, approved and published.' })}
        actions={
          <>
            <OptionToggle label={intl.formatMessage({ id: 'content.page.view', defaultMessage: 'View' })} value={values.view} onChange={(view) => set({ view })} labels={VIEW_LABELS} />
            {values.project ? (
              <Button component={RouterLink} to={`/content/projects/${values.project}`}>
                <FormattedMessage id="content.page.projectPage" defaultMessage="Project page" />
              </Button>
            ) : null}
            {can('editor') ? (
              <Button onClick={() => setCreating(true)}>
                <FormattedMessage id="content.page.newProject" defaultMessage="New project" />
              </Button>
            ) : null}
            <ExportButton path={`content/export/${toQuery({ ...filters, ordering: undefined })}`} formats={LIST_FORMATS} name="content" onError={setExportError} />
          </>
        }
      />
      <FormError error={exportError} />
      <ContentFilters workspace={workspaceId} values={values} onChange={set} onClear={reset} filtering={filtering} />
      {values.view === 'board' ? <ContentBoard filters={filters} /> : <ContentTable filters={filters} page={page} onPage={setPage} />}
      <NewProjectDialog workspace={workspaceId} open={creating} onClose={() => setCreating(false)} />
    </Box>
  );
}
