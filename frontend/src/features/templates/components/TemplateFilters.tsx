import SearchIcon from '@mui/icons-material/Search';
import { InputAdornment, Paper, Stack, TextField } from '@mui/material';
import { defineMessages, useIntl } from 'react-intl';

import { bindFilters, SelectField } from '../../../components';
import { FIELD_LABELS } from '../messages';

/** The list's state in the URL (`?search=blog&state=archived&page=2`), with its defaults. */
export const LIST_STATE = { search: '', category: '', tag: '', state: 'active', ordering: '-updated_at' };

type ListState = typeof LIST_STATE;

const ORDERING_LABELS = defineMessages({
  '-updated_at': { id: 'templates.filters.recentlyUpdated', defaultMessage: 'Recently updated' },
  name: { id: 'templates.filters.nameAscending', defaultMessage: 'Name A–Z' },
  '-name': { id: 'templates.filters.nameDescending', defaultMessage: 'Name Z–A' },
  '-created_at': { id: 'templates.filters.newest', defaultMessage: 'Newest' },
});

const STATE_LABELS = defineMessages({
  active: { id: 'templates.filters.active', defaultMessage: 'Active' },
  archived: { id: 'templates.filters.archived', defaultMessage: 'Archived' },
});

/** Search, category, tag, state and sort of the templates list; typing replaces the URL entry. */
export function TemplateFilters({ values, set }: { values: ListState; set: (patch: Partial<ListState>, options?: { replace?: boolean }) => void }) {
  const intl = useIntl();
  const { select, typed } = bindFilters(values, set);
  return (
    <Paper sx={{ p: 2, mb: 2 }}>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={1.5} role="search">
        <TextField
          label={intl.formatMessage({ id: 'templates.filters.search', defaultMessage: 'Search' })}
          {...typed('search')}
          slotProps={{ input: { startAdornment: <InputAdornment position="start"><SearchIcon fontSize="small" /></InputAdornment> } }}
        />
        <TextField label={intl.formatMessage(FIELD_LABELS.category)} {...typed('category')} sx={{ maxWidth: { md: 200 } }} />
        <TextField label={intl.formatMessage({ id: 'templates.filters.tag', defaultMessage: 'Tag' })} {...typed('tag')} sx={{ maxWidth: { md: 180 } }} />
        <SelectField label={intl.formatMessage({ id: 'templates.filters.state', defaultMessage: 'State' })} {...select('state')} labels={STATE_LABELS} sx={{ maxWidth: { md: 150 } }} />
        <SelectField label={intl.formatMessage({ id: 'templates.filters.sort', defaultMessage: 'Sort' })} {...select('ordering')} labels={ORDERING_LABELS} sx={{ maxWidth: { md: 200 } }} />
      </Stack>
    </Paper>
  );
}
