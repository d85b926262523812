import { Box, Button, MenuItem, Paper, TextField } from '@mui/material';

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
  const projects = useListProjectsQuery({ workspace, archived: 'false' });
  const select = (key: keyof ContentFilterValues) => ({ select: true, value: values[key], onChange: (e: { target: { value: string } }) => onChange({ [key]: e.target.value }) });
  const board = values.view === 'board';
  return (
    <Paper sx={{ p: 2, mb: 2 }}>
      <Box role="search" aria-label="Filter content" sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: { xs: 'minmax(0, 1fr)', sm: '1fr 1fr', lg: board ? '2fr 1fr auto' : '2fr 1fr 1fr 1fr auto' } }}>
        <TextField label="Search" value={values.search} onChange={(e) => onChange({ search: e.target.value }, { replace: true })} />
        <TextField label="Project" {...select('project')}>
          <MenuItem value="">Any</MenuItem>
          {(projects.data?.results ?? []).map((p) => (
            <MenuItem key={p.id} value={String(p.id)}>
              {p.name}
            </MenuItem>
          ))}
        </TextField>
        {board ? null : (
          <TextField label="Status" {...select('status')}>
            <MenuItem value="">Any</MenuItem>
            {STATUSES.map((s) => (
              <MenuItem key={s} value={s}>
                {STATUS_LABELS[s]}
              </MenuItem>
            ))}
          </TextField>
        )}
        {board ? null : (
          <TextField label="Sort by" {...select('ordering')}>
            <MenuItem value="-updated_at">Recently edited</MenuItem>
            <MenuItem value="-created_at">Newest</MenuItem>
            <MenuItem value="title">Title</MenuItem>
            <MenuItem value="-edit_ratio">Most edited</MenuItem>
          </TextField>
        )}
        <Button onClick={onClear} disabled={!filtering}>
          Clear
        </Button>
      </Box>
    </Paper>
  );
}
