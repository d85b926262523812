import { Box, Button, Paper } from '@mui/material';
import type { ChangeEvent, ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';

type Patch<V> = (patch: Partial<V>, options?: { replace?: boolean }) => void;

/**
 * A list's filters (`role="search"`, named `label`) in a grid `columns` wide on large screens, then
 * a Clear button, enabled while any filter differs from its default.
 */
export function FilterBar({ label, columns, onClear, filtering, children }: { label: string; columns: string; onClear: () => void; filtering: boolean; children: ReactNode }) {
  return (
    <Paper sx={{ p: 2, mb: 2 }}>
      <Box role="search" aria-label={label} sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: { xs: 'minmax(0, 1fr)', sm: '1fr 1fr', lg: columns } }}>
        {children}
        <Button onClick={onClear} disabled={!filtering}>
          <FormattedMessage id="common.filters.clear" defaultMessage="Clear" />
        </Button>
      </Box>
    </Paper>
  );
}

/**
 * The value and change handler of each filter field, bound to the list's URL state (`useUrlState`):
 * a choice (`select`, for a `SelectField`) pushes a history entry, typing (`typed`) replaces it.
 */
export function bindFilters<V extends Record<string, string>>(values: V, onChange: Patch<V>) {
  return {
    select: (key: keyof V) => ({ value: values[key], onChange: (value: string) => onChange({ [key]: value } as Partial<V>) }),
    typed: (key: keyof V) => ({ value: values[key], onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange({ [key]: e.target.value } as Partial<V>, { replace: true }) }),
  };
}
