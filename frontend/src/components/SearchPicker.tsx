import { Autocomplete, Paper, TextField, Typography, type PaperProps, type SxProps, type Theme } from '@mui/material';
import type { ReactNode } from 'react';
import { defineMessages, useIntl } from 'react-intl';

import type { Page } from '../lib/api';

declare module '@mui/material/Autocomplete' {
  interface AutocompletePaperSlotPropsOverrides {
    /** A line under the options (the picker's: more match than it lists). */
    footer?: ReactNode;
  }
}

/** The options' paper, with a `footer` line beneath them. */
function PaperWithFooter({ footer, children, ...props }: PaperProps & { footer?: ReactNode }) {
  return (
    <Paper {...props}>
      {children}
      {footer ? (
        <Typography role="status" variant="caption" color="text.secondary" sx={{ display: 'block', px: 2, py: 1 }}>
          {footer}
        </Typography>
      ) : null}
    </Paper>
  );
}

/** What a picker chooses among: its words are the same sentences about either (`other` is the template's). */
export type SearchPickerKind = 'template' | 'project';

type Of = { kind: SearchPickerKind };
const MESSAGES = defineMessages<{ label: Of; search: Of; more: Of & { shown: number; count: number }; failed: Of }>({
  label: { id: 'common.searchPicker.label', defaultMessage: '{kind, select, project {Project} other {Template}}' },
  search: { id: 'common.searchPicker.search', defaultMessage: '{kind, select, project {Search projects} other {Search templates}}' },
  more: {
    id: 'common.searchPicker.more',
    defaultMessage: '{kind, select, project {{shown} of {count} projects listed: type to narrow the search.} other {{shown} of {count} templates listed: type to narrow the search.}}',
  },
  failed: {
    id: 'common.searchPicker.failed',
    defaultMessage: '{kind, select, project {Could not load projects: open the list to try again.} other {Could not load templates: open the list to try again.}}',
  },
});

/** One page of what the server found for the typed text: a list query's result. */
export interface SearchResult<T> {
  data?: Page<T>;
  error?: unknown;
  isFetching: boolean;
  refetch: () => unknown;
}

interface Props<T extends { id: number }> {
  found: SearchResult<T>;
  /** The typed text, to search on the server ('' lists the first page). */
  onSearch: (text: string) => void;
  /** The chosen one; it stays listed whatever the search finds. */
  value: T | null;
  onChange: (value: T | null) => void;
  optionLabel: (option: T) => string;
  kind: SearchPickerKind;
  /** The server's message about the field, or why the chosen one is not shown. */
  error?: string;
  /** A hint under the field when nothing is wrong. */
  hint?: string;
  required?: boolean;
  disabled?: boolean;
  sx?: SxProps<Theme>;
}

/**
 * One of a workspace's many things, searched on the server as the user types: any of them, not
 * only the first page. A search matching more than one page says so under the options.
 */
export function SearchPicker<T extends { id: number }>({ found, onSearch, value, onChange, optionLabel, kind, error, hint, required, disabled, sx }: Props<T>) {
  const intl = useIntl();
  const { data, error: loadError, isFetching, refetch } = found;
  const results = data?.results ?? [];
  const options = value && !results.some((o) => o.id === value.id) ? [value, ...results] : results;
  const more = data && data.count > results.length ? intl.formatMessage(MESSAGES.more, { kind, shown: results.length, count: data.count }) : null;
  const helperText = error ?? (loadError ? intl.formatMessage(MESSAGES.failed, { kind }) : hint);
  return (
    <Autocomplete
      fullWidth
      sx={sx}
      options={options}
      value={value}
      getOptionLabel={optionLabel}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      onChange={(_e, option) => onChange(option)}
      // Only typing searches; choosing, clearing or leaving the field lists the first page again.
      onInputChange={(_e, text, reason) => onSearch(reason === 'input' ? text : '')}
      onOpen={() => {
        if (loadError) void refetch();
      }}
      loading={isFetching}
      filterOptions={(x) => x}
      disabled={disabled}
      slots={{ paper: PaperWithFooter }}
      slotProps={{ paper: { footer: more } }}
      renderInput={(params) => (
        <TextField
          {...params}
          required={required}
          error={Boolean(error ?? loadError)}
          helperText={helperText}
          label={intl.formatMessage(MESSAGES.label, { kind })}
          placeholder={intl.formatMessage(MESSAGES.search, { kind })}
        />
      )}
    />
  );
}
