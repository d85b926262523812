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
import { FormattedMessage, useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router';

import { EmptyState, ErrorState, LoadingState, PageHeader } from '../../../components';
import { PAGE_SIZE } from '../../../config/constants';
import { formatDateTime, NO_VALUE } from '../../../lib/format';
import { useDebounced } from '../../../lib/hooks';
import { useUrlState } from '../../../lib/useUrlState';
import { useCurrentWorkspace } from '../../accounts';
import { useListTemplatesQuery } from '../api';
import { FIELD_LABELS, VERSION_SHORT } from '../messages';
import { ExportMenu, ImportButton } from './ImportExport';
import { LIST_STATE, TemplateFilters } from './TemplateFilters';

export function TemplatesListPage() {
  const intl = useIntl();
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
        title={intl.formatMessage({ id: 'templates.list.title', defaultMessage: 'Templates' })}
        actions={
          workspaceId ? (
            <>
              {can('editor') ? <ImportButton workspace={workspaceId} /> : null}
              <ExportMenu workspace={workspaceId} />
              {can('editor') ? (
                <Button component={RouterLink} to="/templates/new" variant="contained" startIcon={<AddIcon />}>
                  <FormattedMessage id="templates.list.new" defaultMessage="New template" />
                </Button>
              ) : null}
            </>
          ) : null
        }
      />
      <TemplateFilters values={values} set={set} />
      {error ? (
        <ErrorState error={error} title={intl.formatMessage({ id: 'templates.list.loadError', defaultMessage: 'Could not load templates' })} onRetry={refetch} />
      ) : !data ? (
        <LoadingState label={intl.formatMessage({ id: 'templates.list.loading', defaultMessage: 'Loading templates…' })} />
      ) : !data.results.length ? (
        <EmptyState
          title={
            filtering
              ? intl.formatMessage({ id: 'templates.list.noMatch', defaultMessage: 'No templates match' })
              : intl.formatMessage({ id: 'templates.list.empty', defaultMessage: 'No templates yet' })
          }
          action={
            !filtering && can('editor') ? (
              <Button component={RouterLink} to="/templates/new" variant="contained">
                <FormattedMessage id="templates.list.createFirst" defaultMessage="Create the first template" />
              </Button>
            ) : undefined
          }
        >
          {filtering ? (
            <FormattedMessage id="templates.list.noMatchHint" defaultMessage="Try other filters." />
          ) : (
            <FormattedMessage id="templates.list.emptyHint" defaultMessage="Templates are reusable prompts with typed variables." />
          )}
        </EmptyState>
      ) : (
        <Paper>
          <TableContainer sx={{ opacity: isFetching ? 0.6 : 1, overflowX: 'auto' }}>
            <Table size="small" aria-label={intl.formatMessage({ id: 'templates.list.title', defaultMessage: 'Templates' })}>
              <TableHead>
                <TableRow>
                  <TableCell>{intl.formatMessage(FIELD_LABELS.name)}</TableCell>
                  <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{intl.formatMessage(FIELD_LABELS.category)}</TableCell>
                  <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>{intl.formatMessage(FIELD_LABELS.tags)}</TableCell>
                  <TableCell>
                    <FormattedMessage id="templates.list.version" defaultMessage="Version" />
                  </TableCell>
                  <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>
                    <FormattedMessage id="templates.list.updated" defaultMessage="Updated" />
                  </TableCell>
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
                    <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{t.category || NO_VALUE}</TableCell>
                    <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>
                      <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
                        {t.tags.map((tg) => (
                          <Chip key={tg} size="small" label={tg} onClick={() => set({ tag: tg })} />
                        ))}
                      </Stack>
                    </TableCell>
                    <TableCell>{intl.formatMessage(VERSION_SHORT, { version: t.current_version.number })}</TableCell>
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
