import SearchIcon from '@mui/icons-material/Search';
import { InputAdornment, MenuItem, Paper, Stack, TextField } from '@mui/material';

/** The list's state in the URL (`?search=blog&state=archived&page=2`), with its defaults. */
export const LIST_STATE = { search: '', category: '', tag: '', state: 'active', ordering: '-updated_at' };

type ListState = typeof LIST_STATE;

const ORDERINGS = [
  { value: '-updated_at', label: 'Recently updated' },
  { value: 'name', label: 'Name A–Z' },
  { value: '-name', label: 'Name Z–A' },
  { value: '-created_at', label: 'Newest' },
];

/** Search, category, tag, state and sort of the templates list; typing replaces the URL entry. */
export function TemplateFilters({ values, set }: { values: ListState; set: (patch: Partial<ListState>, options?: { replace?: boolean }) => void }) {
  const typed = (key: 'search' | 'category' | 'tag') => ({ value: values[key], onChange: (e: { target: { value: string } }) => set({ [key]: e.target.value }, { replace: true }) });
  return (
    <Paper sx={{ p: 2, mb: 2 }}>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={1.5} role="search">
        <TextField
          label="Search"
          {...typed('search')}
          slotProps={{ input: { startAdornment: <InputAdornment position="start"><SearchIcon fontSize="small" /></InputAdornment> } }}
        />
        <TextField label="Category" {...typed('category')} sx={{ maxWidth: { md: 200 } }} />
        <TextField label="Tag" {...typed('tag')} sx={{ maxWidth: { md: 180 } }} />
        <TextField select label="State" value={values.state} onChange={(e) => set({ state: e.target.value })} sx={{ maxWidth: { md: 150 } }}>
          <MenuItem value="active">Active</MenuItem>
          <MenuItem value="archived">Archived</MenuItem>
        </TextField>
        <TextField select label="Sort" value={values.ordering} onChange={(e) => set({ ordering: e.target.value })} sx={{ maxWidth: { md: 200 } }}>
          {ORDERINGS.map((o) => (
            <MenuItem key={o.value} value={o.value}>
              {o.label}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
    </Paper>
  );
}
