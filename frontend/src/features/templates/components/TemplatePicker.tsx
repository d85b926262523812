import { Autocomplete, Paper, TextField, Typography, type PaperProps, type SxProps, type Theme } from '@mui/material';
import type { ReactNode } from 'react';
import { useIntl } from 'react-intl';

import type { Template } from '../types';
import type { TemplateSearch } from '../useTemplateSearch';

declare module '@mui/material/Autocomplete' {
  interface AutocompletePaperSlotPropsOverrides {
    /** A line under the options (the picker's: more templates match than it lists). */
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

interface Props {
  /** The workspace's templates as searched (`useTemplateSearch`): the picker's options. */
  search: TemplateSearch;
  /** The chosen template; it stays listed whatever the search finds. */
  value: Template | null;
  onChange: (template: Template | null) => void;
  /** The server's message about the field, or why the chosen template is not shown. */
  error?: string;
  required?: boolean;
  disabled?: boolean;
  sx?: SxProps<Theme>;
}

/**
 * A template, searched by name on the server as the user types: any of the workspace's templates,
 * not only the first page. A search matching more than one page says so under the options.
 */
export function TemplatePicker({ search, value, onChange, error, required, disabled, sx }: Props) {
  const intl = useIntl();
  const { data, error: loadError, isFetching, refetch } = search.templates;
  const found = data?.results ?? [];
  const options = value && !found.some((t) => t.id === value.id) ? [value, ...found] : found;
  const label = (t: Template) => intl.formatMessage({ id: 'templates.picker.option', defaultMessage: '{name} (v{version})' }, { name: t.name, version: t.current_version.number });
  const more =
    data && data.count > found.length
      ? intl.formatMessage({ id: 'templates.picker.more', defaultMessage: '{shown} of {count} templates listed: type to narrow the search.' }, { shown: found.length, count: data.count })
      : null;
  const helperText = error ?? (loadError ? intl.formatMessage({ id: 'templates.picker.failed', defaultMessage: 'Could not load templates: open the list to try again.' }) : undefined);
  return (
    <Autocomplete
      fullWidth
      sx={sx}
      options={options}
      value={value}
      getOptionLabel={label}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      onChange={(_e, template) => onChange(template)}
      // Only typing searches; choosing, clearing or leaving the field lists the first page again.
      onInputChange={(_e, text, reason) => search.setQuery(reason === 'input' ? text : '')}
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
          error={Boolean(helperText)}
          helperText={helperText}
          label={intl.formatMessage({ id: 'templates.picker.label', defaultMessage: 'Template' })}
          placeholder={intl.formatMessage({ id: 'templates.picker.search', defaultMessage: 'Search templates' })}
        />
      )}
    />
  );
}
