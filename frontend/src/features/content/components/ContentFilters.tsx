import { TextField } from '@mui/material';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';

import { bindFilters, FilterBar, SelectField } from '../../../components';
import { STATUS_LABELS } from '../types';
import { ProjectPicker } from './ProjectPicker';

export const CONTENT_FILTERS = { view: 'board', search: '', project: '', status: '', ordering: '-updated_at' };
export type ContentFilterValues = typeof CONTENT_FILTERS;

const ORDERING_LABELS = defineMessages({
  '-updated_at': { id: 'content.filters.recentlyEdited', defaultMessage: 'Recently edited' },
  '-created_at': { id: 'content.filters.newest', defaultMessage: 'Newest' },
  title: { id: 'content.filters.title', defaultMessage: 'Title' },
  '-edit_ratio': { id: 'content.filters.mostEdited', defaultMessage: 'Most edited' },
});

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
  const intl = useIntl();
  const any = <FormattedMessage id="content.filters.any" defaultMessage="Any" />;
  const { select, typed } = bindFilters(values, onChange);
  const board = values.view === 'board';
  return (
    <FilterBar label={intl.formatMessage({ id: 'content.filters.label', defaultMessage: 'Filter content' })} columns={board ? '2fr 1fr auto' : '2fr 1fr 1fr 1fr auto'} onClear={onClear} filtering={filtering}>
      <TextField label={intl.formatMessage({ id: 'content.filters.search', defaultMessage: 'Search' })} {...typed('search')} />
      <ProjectPicker workspace={workspace} {...select('project')} hint={false} />
      {board ? null : <SelectField label={intl.formatMessage({ id: 'content.filters.status', defaultMessage: 'Status' })} {...select('status')} emptyLabel={any} labels={STATUS_LABELS} />}
      {board ? null : <SelectField label={intl.formatMessage({ id: 'content.filters.sortBy', defaultMessage: 'Sort by' })} {...select('ordering')} labels={ORDERING_LABELS} />}
    </FilterBar>
  );
}
