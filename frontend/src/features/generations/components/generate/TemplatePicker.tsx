import { Autocomplete, TextField } from '@mui/material';
import { useIntl } from 'react-intl';

import type { Template } from '../../../templates';
import type { TemplateSearch } from './useTemplateSearch';

const label = (t: Template) => `${t.name} (v${t.current_version?.number ?? '?'})`;

/** The template to run, searched by name as the user types; the chosen one stays listed. */
export function TemplatePicker({ search, selected, onChange }: { search: TemplateSearch; selected: Template | null; onChange: (template: Template | null) => void }) {
  const intl = useIntl();
  const options = search.templates.data?.results ?? [];
  return (
    <Autocomplete
      sx={{ mb: 2, maxWidth: 640 }}
      options={selected && !options.some((o) => o.id === selected.id) ? [selected, ...options] : options}
      value={selected}
      getOptionLabel={label}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      onChange={(_e, t) => onChange(t)}
      onInputChange={(_e, value, reason) => reason === 'input' && search.setQuery(value)}
      loading={search.templates.isFetching}
      filterOptions={(x) => x}
      renderInput={(p) => (
        <TextField
          {...p}
          label={intl.formatMessage({ id: 'generations.generate.template', defaultMessage: 'Template' })}
          placeholder={intl.formatMessage({ id: 'generations.generate.searchTemplates', defaultMessage: 'Search templates' })}
        />
      )}
    />
  );
}
