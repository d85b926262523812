import SearchIcon from '@mui/icons-material/Search';
import { InputAdornment, MenuItem, Paper, Stack, TextField } from '@mui/material';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';

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
const ORDERINGS = Object.keys(ORDERING_LABELS) as (keyof typeof ORDERING_LABELS)[];

/** Search, category, tag, state and sort of the templates list; typing replaces the URL entry. */
export function TemplateFilters({ values, set }: { values: ListState; set: (patch: Partial<ListState>, options?: { replace?: boolean }) => void }) {
  const intl = useIntl();
  const typed = (key: 'search' | 'category' | 'tag') => ({ value: values[key], onChange: (e: { target: { value: string } }) => set({ [key]: e.target.value }, { replace: true }) });
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
        <TextField
          select
          label={intl.formatMessage({ id: 'templates.filters.state', defaultMessage: 'State' })}
          value={values.state}
          onChange={(e) => set({ state: e.target.value })}
          sx={{ maxWidth: { md: 150 } }}
        >
          <MenuItem value="active">
            <FormattedMessage id="templates.filters.active" defaultMessage="Active" />
          </MenuItem>
          <MenuItem value="archived">
            <FormattedMessage id="templates.filters.archived" defaultMessage="Archived" />
          </MenuItem>
        </TextField>
        <TextField
          select
          label={intl.formatMessage({ id: 'templates.filters.sort', defaultMessage: 'Sort' })}
          value={values.ordering}
          onChange={(e) => set({ ordering: e.target.value })}
          sx={{ maxWidth: { md: 200 } }}
        >
          {ORDERINGS.map((ordering) => (
            <MenuItem key={ordering} value={ordering}>
              {intl.formatMessage(ORDERING_LABELS[ordering])}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
    </Paper>
  );
}
