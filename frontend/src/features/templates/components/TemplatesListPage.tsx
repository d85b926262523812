import AddIcon from '@mui/icons-material/Add';
import { Box, Button, Chip, Link, Stack } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router';

import { PageHeader, QueryTable, type Column } from '../../../components';
import { formatDateTime, NO_VALUE } from '../../../lib/format';
import { useDebounced } from '../../../lib/hooks';
import { useUrlState } from '../../../lib/useUrlState';
import { useCurrentWorkspace } from '../../accounts';
import { useListTemplatesQuery } from '../api';
import { FIELD_LABELS, VERSION_SHORT } from '../messages';
import type { Template } from '../types';
import { ExportMenu, ImportButton } from './ImportExport';
import { LIST_STATE, TemplateFilters } from './TemplateFilters';

export function TemplatesListPage() {
  const intl = useIntl();
  const { workspaceId, can } = useCurrentWorkspace();
  const list = useUrlState(LIST_STATE);
  const { values, page, set } = list;
  const text = useDebounced({ search: values.search.trim(), category: values.category.trim(), tag: values.tag.trim() }, 300);
  const templates = useListTemplatesQuery(
    { workspace: workspaceId ?? 0, ...text, archived: values.state === 'archived' ? 'true' : 'false', ordering: values.ordering, page },
    { skip: !workspaceId },
  );

  const columns: Column<Template>[] = [
    {
      key: 'name',
      header: intl.formatMessage(FIELD_LABELS.name),
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
    { key: 'category', header: intl.formatMessage(FIELD_LABELS.category), hideBelow: 'sm', cell: (t) => t.category || NO_VALUE },
    {
      key: 'tags',
      header: intl.formatMessage(FIELD_LABELS.tags),
      hideBelow: 'md',
      cell: (t) => (
        <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
          {t.tags.map((tg) => (
            <Chip key={tg} size="small" label={tg} onClick={() => set({ tag: tg })} />
          ))}
        </Stack>
      ),
    },
    {
      key: 'version',
      header: intl.formatMessage({ id: 'templates.list.version', defaultMessage: 'Version' }),
      cell: (t) => intl.formatMessage(VERSION_SHORT, { version: t.current_version.number }),
    },
    {
      key: 'updated',
      header: intl.formatMessage({ id: 'templates.list.updated', defaultMessage: 'Updated' }),
      hideBelow: 'sm',
      cell: (t) => formatDateTime(t.updated_at),
    },
  ];

  const title = intl.formatMessage({ id: 'templates.list.title', defaultMessage: 'Templates' });

  return (
    <Box>
      <PageHeader
        title={title}
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
      <QueryTable
        query={templates}
        label={title}
        columns={columns}
        hover
        paper
        list={list}
        errorTitle={intl.formatMessage({ id: 'templates.list.loadError', defaultMessage: 'Could not load templates' })}
        loadingLabel={intl.formatMessage({ id: 'templates.list.loading', defaultMessage: 'Loading templates…' })}
        noMatch={{
          title: intl.formatMessage({ id: 'templates.list.noMatch', defaultMessage: 'No templates match' }),
          hint: <FormattedMessage id="templates.list.noMatchHint" defaultMessage="Try other filters." />,
        }}
        empty={{
          title: intl.formatMessage({ id: 'templates.list.empty', defaultMessage: 'No templates yet' }),
          hint: <FormattedMessage id="templates.list.emptyHint" defaultMessage="Templates are reusable prompts with typed variables." />,
          action: can('editor') ? (
            <Button component={RouterLink} to="/templates/new" variant="contained">
              <FormattedMessage id="templates.list.createFirst" defaultMessage="Create the first template" />
            </Button>
          ) : undefined,
        }}
      />
    </Box>
  );
}
