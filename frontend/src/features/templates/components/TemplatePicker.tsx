import type { SxProps, Theme } from '@mui/material';
import { useIntl } from 'react-intl';

import { SearchPicker } from '../../../components';
import type { Template } from '../types';
import type { TemplateSearch } from '../useTemplateSearch';

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
  return <SearchPicker found={search.templates} onSearch={search.setQuery} optionLabel={label} kind="template" {...props} />;
}
