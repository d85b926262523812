import { Box, Button, MenuItem, Paper, TextField } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';

import { useListProjectsQuery } from '../api';
import { STATUSES, STATUS_LABELS } from '../types';

export const CONTENT_FILTERS = { view: 'board', search: '', project: '', status: '', ordering: '-updated_at' };
export type ContentFilterValues = typeof CONTENT_FILTERS;

/** Search and filters of the board and the table; each change goes straight into the URL. */
export function ContentFilters({
  workspace,
  values,
  onChange,
  onClear,
  filtering,
}: {
  workspace: number;
  values: ContentFilterValues;
  onChange: (patch: Partial<ContentFilterValues>, options?: { replace?: boolean }) => void;
  onClear: () => void;
  filtering: boolean;
}) {
  const intl = useIntl();
  const any = <FormattedMessage id="content.filters.any" defaultMessage="Any" />;
  const projects = useListProjectsQuery({ workspace, archived: 'false' });
  const select = (key: keyof ContentFilterValues) => ({ select: true, value: values[key], onChange: (e: { target: { value: string } }) => onChange({ [key]: e.target.value }) });
  const board = values.view === 'board';
  return (
    <Paper sx={{ p: 2, mb: 2 }}>
      <Box role="search" aria-label={intl.formatMessage({ id: 'content.filters.label', defaultMessage: 'Filter content' })} sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: { xs: 'minmax(0, 1fr)', sm: '1fr 1fr', lg: board ? '2fr 1fr auto' : '2fr 1fr 1fr 1fr auto' } }}>
        <TextField label={intl.formatMessage({ id: 'content.filters.search', defaultMessage: 'Search' })} value={values.search} onChange={(e) => onChange({ search: e.target.value }, { replace: true })} />
        <TextField label={intl.formatMessage({ id: 'content.filters.project', defaultMessage: 'Project' })} {...select('project')}>
          <MenuItem value="">{any}</MenuItem>
          {(projects.data?.results ?? []).map((p) => (
            <MenuItem key={p.id} value={String(p.id)}>
              {p.name}
            </MenuItem>
          ))}
        </TextField>
        {board ? null : (
          <TextField label={intl.formatMessage({ id: 'content.filters.status', defaultMessage: 'Status' })} {...select('status')}>
            <MenuItem value="">{any}</MenuItem>
            {STATUSES.map((s) => (
              <MenuItem key={s} value={s}>
                {intl.formatMessage(STATUS_LABELS[s])}
              </MenuItem>
            ))}
          </TextField>
        )}
        {board ? null : (
          <TextField label={intl.formatMessage({ id: 'content.filters.sortBy', defaultMessage: 'Sort by' })} {...select('ordering')}>
            <MenuItem value="-updated_at">
              <FormattedMessage id="content.filters.recentlyEdited" defaultMessage="Recently edited" />
            </MenuItem>
            <MenuItem value="-created_at">
              <FormattedMessage id="content.filters.newest" defaultMessage="Newest" />
            </MenuItem>
            <MenuItem value="title">
              <FormattedMessage id="content.filters.title" defaultMessage="Title" />
            </MenuItem>
            <MenuItem value="-edit_ratio">
              <FormattedMessage id="content.filters.mostEdited" defaultMessage="Most edited" />
            </MenuItem>
          </TextField>
        )}
        <Button onClick={onClear} disabled={!filtering}>
          <FormattedMessage id="content.filters.clear" defaultMessage="Clear" />
        </Button>
      </Box>
    </Paper>
  );
}
