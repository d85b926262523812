import type { SxProps, Theme } from '@mui/material';
import { defineMessages, useIntl } from 'react-intl';

import { SearchPicker } from '../../../components';
import type { Template } from '../types';
import type { TemplateSearch } from '../useTemplateSearch';

const MESSAGES = defineMessages({
  label: { id: 'templates.picker.label', defaultMessage: 'Template' },
  search: { id: 'templates.picker.search', defaultMessage: 'Search templates' },
  more: { id: 'templates.picker.more', defaultMessage: '{shown} of {count} templates listed: type to narrow the search.' },
  failed: { id: 'templates.picker.failed', defaultMessage: 'Could not load templates: open the list to try again.' },
});

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

/** A template, searched by name on the server as the user types (`SearchPicker`). */
export function TemplatePicker({ search, ...props }: Props) {
  const intl = useIntl();
  const label = (t: Template) => intl.formatMessage({ id: 'templates.picker.option', defaultMessage: '{name} (v{version})' }, { name: t.name, version: t.current_version.number });
  return <SearchPicker found={search.templates} onSearch={search.setQuery} optionLabel={label} messages={MESSAGES} {...props} />;
}
