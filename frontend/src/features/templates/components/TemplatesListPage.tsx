import AddIcon from '@mui/icons-material/Add';
import SearchIcon from '@mui/icons-material/Search';
import {
  Box,
  Button,
  Chip,
  InputAdornment,
  Link,
  MenuItem,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TablePagination,
  TableRow,
  TextField,
} from '@mui/material';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router';

import { EmptyState, ErrorState, LoadingState, PageHeader } from '../../../components';
import { PAGE_SIZE } from '../../../config/constants';
import { formatDateTime } from '../../../lib/format';
import { useDebounced } from '../../../lib/hooks';
import { useCurrentWorkspace } from '../../accounts';
import { useListTemplatesQuery } from '../api';
import { ExportMenu, ImportButton } from './ImportExport';

const ORDERINGS = [
  { value: '-updated_at', label: 'Recently updated' },
  { value: 'name', label: 'Name A–Z' },
  { value: '-name', label: 'Name Z–A' },
  { value: '-created_at', label: 'Newest' },
];

export function TemplatesListPage() {
  const { workspaceId, can } = useCurrentWorkspace();
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState('');
  const [tag, setTag] = useState('');
  const [archived, setArchived] = useState(false);
  const [ordering, setOrdering] = useState('-updated_at');
  const [page, setPage] = useState(1);
  const filters = useDebounced({ search: search.trim(), category: category.trim(), tag: tag.trim() }, 300);
  const { data, error, isLoading, isFetching, refetch } = useListTemplatesQuery(
    { workspace: workspaceId ?? 0, ...filters, archived, ordering, page },
    { skip: !workspaceId },
  );
  const filtering = Boolean(filters.search || filters.category || filters.tag || archived);
  const resetPage = <T,>(setter: (v: T) => void) => (value: T) => {
    setter(value);
    setPage(1);
  };

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
      <Paper sx={{ p: 2, mb: 2 }}>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={1.5} role="search">
          <TextField
            label="Search"
            value={search}
            onChange={(e) => resetPage(setSearch)(e.target.value)}
            slotProps={{ input: { startAdornment: <InputAdornment position="start"><SearchIcon fontSize="small" /></InputAdornment> } }}
          />
          <TextField label="Category" value={category} onChange={(e) => resetPage(setCategory)(e.target.value)} sx={{ maxWidth: { md: 200 } }} />
          <TextField label="Tag" value={tag} onChange={(e) => resetPage(setTag)(e.target.value)} sx={{ maxWidth: { md: 180 } }} />
          <TextField select label="State" value={archived ? 'archived' : 'active'} onChange={(e) => resetPage(setArchived)(e.target.value === 'archived')} sx={{ maxWidth: { md: 150 } }}>
            <MenuItem value="active">Active</MenuItem>
            <MenuItem value="archived">Archived</MenuItem>
          </TextField>
          <TextField select label="Sort" value={ordering} onChange={(e) => resetPage(setOrdering)(e.target.value)} sx={{ maxWidth: { md: 200 } }}>
            {ORDERINGS.map((o) => (
              <MenuItem key={o.value} value={o.value}>
                {o.label}
              </MenuItem>
            ))}
          </TextField>
        </Stack>
      </Paper>
      {isLoading ? (
        <LoadingState label="Loading templates…" />
      ) : error ? (
        <ErrorState error={error} title="Could not load templates" onRetry={refetch} />
      ) : !data?.results.length ? (
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
          <TableContainer sx={{ opacity: isFetching ? 0.6 : 1 }}>
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
                          <Chip key={tg} size="small" label={tg} onClick={() => resetPage(setTag)(tg)} />
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
