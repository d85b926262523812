import AddIcon from '@mui/icons-material/Add';
import {
  Box,
  Button,
  Chip,
  Link,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TablePagination,
  TableRow,
} from '@mui/material';
import { Link as RouterLink } from 'react-router';

import { EmptyState, ErrorState, LoadingState, PageHeader } from '../../../components';
import { PAGE_SIZE } from '../../../config/constants';
import { formatDateTime } from '../../../lib/format';
import { useDebounced } from '../../../lib/hooks';
import { useUrlState } from '../../../lib/useUrlState';
import { useCurrentWorkspace } from '../../accounts';
import { useListTemplatesQuery } from '../api';
import { ExportMenu, ImportButton } from './ImportExport';
import { LIST_STATE, TemplateFilters } from './TemplateFilters';

export function TemplatesListPage() {
  const { workspaceId, can } = useCurrentWorkspace();
  const { values, page, set, setPage, filtering } = useUrlState(LIST_STATE);
  const text = useDebounced({ search: values.search.trim(), category: values.category.trim(), tag: values.tag.trim() }, 300);
  const { data, error, isFetching, refetch } = useListTemplatesQuery(
    { workspace: workspaceId ?? 0, ...text, archived: values.state === 'archived' ? 'true' : 'false', ordering: values.ordering, page },
    { skip: !workspaceId },
  );

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
      {error ? (
        <ErrorState error={error} title="Could not load templates" onRetry={refetch} />
      ) : !data ? (
        <LoadingState label="Loading templates…" />
      ) : !data.results.length ? (
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
      ) : (
        <Paper>
          <TableContainer sx={{ opacity: isFetching ? 0.6 : 1, overflowX: 'auto' }}>
            <Table size="small" aria-label="Templates">
              <TableHead>
                <TableRow>
                  <TableCell>Name</TableCell>
                  <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>Category</TableCell>
                  <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>Tags</TableCell>
                  <TableCell>Version</TableCell>
                  <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>Updated</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {data.results.map((t) => (
                  <TableRow key={t.id} hover>
                    <TableCell>
                      <Link component={RouterLink} to={`/templates/${t.id}`} underline="hover" sx={{ fontWeight: 500 }}>
                        {t.name}
                      </Link>
                      {t.description ? (
                        <Box component="div" sx={{ color: 'text.secondary', fontSize: 12, maxWidth: 420, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                          {t.description}
                        </Box>
                      ) : null}
                    </TableCell>
                    <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{t.category || '—'}</TableCell>
                    <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>
                      <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
                        {t.tags.map((tg) => (
                          <Chip key={tg} size="small" label={tg} onClick={() => set({ tag: tg })} />
                        ))}
                      </Stack>
                    </TableCell>
                    <TableCell>v{t.current_version?.number ?? '?'}</TableCell>
                    <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{formatDateTime(t.updated_at)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
          <TablePagination component="div" count={data.count} page={page - 1} rowsPerPage={PAGE_SIZE} rowsPerPageOptions={[]} onPageChange={(_e, p) => setPage(p + 1)} />
        </Paper>
      )}
    </Box>
  );
}
