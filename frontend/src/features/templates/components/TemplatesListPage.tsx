import AddIcon from '@mui/icons-material/Add';
import { Box, Button, Chip, Link, Stack } from '@mui/material';
import { Link as RouterLink } from 'react-router';

import { EmptyState, PageHeader, QueryTable, type Column } from '../../../components';
import { formatDateTime } from '../../../lib/format';
import { useDebounced } from '../../../lib/hooks';
import { useUrlState } from '../../../lib/useUrlState';
import { useCurrentWorkspace } from '../../accounts';
import { useListTemplatesQuery } from '../api';
import type { Template } from '../types';
import { ExportMenu, ImportButton } from './ImportExport';
import { LIST_STATE, TemplateFilters } from './TemplateFilters';

export function TemplatesListPage() {
  const { workspaceId, can } = useCurrentWorkspace();
  const { values, page, set, setPage, filtering } = useUrlState(LIST_STATE);
  const text = useDebounced({ search: values.search.trim(), category: values.category.trim(), tag: values.tag.trim() }, 300);
  const templates = useListTemplatesQuery(
    { workspace: workspaceId ?? 0, ...text, archived: values.state === 'archived' ? 'true' : 'false', ordering: values.ordering, page },
    { skip: !workspaceId },
  );

  const columns: Column<Template>[] = [
    {
      key: 'name',
      header: 'Name',
      cell: (t) => (
        <>
          <Link component={RouterLink} to={`/templates/${t.id}`} underline="hover" sx={{ fontWeight: 500 }}>
            {t.name}
          </Link>
          {t.description ? (
            <Box component="div" sx={{ color: 'text.secondary', fontSize: 12, maxWidth: 420, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
              {t.description}
            </Box>
          ) : null}
        </>
      ),
    },
    { key: 'category', header: 'Category', hideBelow: 'sm', cell: (t) => t.category || '—' },
    {
      key: 'tags',
      header: 'Tags',
      hideBelow: 'md',
      cell: (t) => (
        <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
          {t.tags.map((tg) => (
            <Chip key={tg} size="small" label={tg} onClick={() => set({ tag: tg })} />
          ))}
        </Stack>
      ),
    },
    { key: 'version', header: 'Version', cell: (t) => `v${t.current_version?.number ?? '?'}` },
    { key: 'updated', header: 'Updated', hideBelow: 'sm', cell: (t) => formatDateTime(t.updated_at) },
  ];

  return (
    <Box>
      <PageHeader
        title="Templates"
        actions={
          workspaceId ? (
            <>
              {can('editor') ? <ImportButton workspace={workspaceId} /> : null}
              <ExportMenu workspace={workspaceId} />
              {can('editor') ? (
                <Button component={RouterLink} to="/templates/new" variant="contained" startIcon={<AddIcon />}>
                  New template
                </Button>
              ) : null}
            </>
          ) : null
        }
      />
      <TemplateFilters values={values} set={set} />
      <QueryTable
        query={templates}
        label="Templates"
        columns={columns}
        rowKey={(t) => t.id}
        hover
        paper
        page={page}
        onPageChange={setPage}
        errorTitle="Could not load templates"
        loadingLabel="Loading templates…"
        empty={
          <EmptyState
            title={filtering ? 'No templates match' : 'No templates yet'}
            action={
              !filtering && can('editor') ? (
                <Button component={RouterLink} to="/templates/new" variant="contained">
                  Create the first template
                </Button>
              ) : undefined
            }
          >
            {filtering ? 'Try other filters.' : 'Templates are reusable prompts with typed variables.'}
          </EmptyState>
        }
      />
    </Box>
  );
}
