import { TextField } from '@mui/material';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';

import { bindFilters, DateField, FilterBar, SelectField, useStatusLabel } from '../../../../components';
import { ProviderLabel, useListProvidersQuery } from '../../../providers';
import { useListTemplatesQuery } from '../../../templates';
import { GENERATION_STATUSES } from '../../types';

export const HISTORY_FILTERS = { status: '', provider: '', model: '', template: '', cache_hit: '', created_after: '', created_before: '' };
export type HistoryFilterValues = typeof HISTORY_FILTERS;

const CACHE_LABELS = defineMessages({
  true: { id: 'generations.filters.cacheHits', defaultMessage: 'Cache hits' },
  false: { id: 'generations.filters.freshCalls', defaultMessage: 'Fresh calls' },
});

/** History's filters; each change is applied at once (text after a pause) and kept in the URL. */
export function HistoryFilters({
  workspace,
  values,
  onChange,
  onClear,
  filtering,
}: {
  workspace: number | null;
  values: HistoryFilterValues;
  onChange: (patch: Partial<HistoryFilterValues>, options?: { replace?: boolean }) => void;
  onClear: () => void;
  filtering: boolean;
}) {
  const intl = useIntl();
  const statusLabel = useStatusLabel();
  const any = <FormattedMessage id="generations.filters.any" defaultMessage="Any" />;
  const providers = useListProvidersQuery({ workspace: workspace ?? 0 }, { skip: !workspace });
  const templates = useListTemplatesQuery({ workspace: workspace ?? 0, ordering: 'name' }, { skip: !workspace });
  const { select, typed } = bindFilters(values, onChange);
  return (
    <FilterBar label={intl.formatMessage({ id: 'generations.filters.label', defaultMessage: 'Filter generations' })} columns="repeat(7, minmax(0, 1fr)) auto" onClear={onClear} filtering={filtering}>
      <SelectField label={intl.formatMessage({ id: 'generations.filters.status', defaultMessage: 'Status' })} {...select('status')} emptyLabel={any} options={GENERATION_STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))} />
      <SelectField
        label={intl.formatMessage({ id: 'generations.filters.provider', defaultMessage: 'Provider' })}
        {...select('provider')}
        emptyLabel={any}
        options={(providers.data ?? []).map((p) => ({ value: p.name, label: <ProviderLabel name={p.name} label={p.label} isOffline={p.is_offline} /> }))}
      />
      <TextField label={intl.formatMessage({ id: 'generations.filters.model', defaultMessage: 'Model' })} {...typed('model')} />
      <SelectField label={intl.formatMessage({ id: 'generations.filters.template', defaultMessage: 'Template' })} {...select('template')} emptyLabel={any} options={(templates.data?.results ?? []).map((t) => ({ value: String(t.id), label: t.name }))} />
      <SelectField label={intl.formatMessage({ id: 'generations.filters.cache', defaultMessage: 'Cache' })} {...select('cache_hit')} emptyLabel={any} labels={CACHE_LABELS} />
      <DateField label={intl.formatMessage({ id: 'generations.filters.from', defaultMessage: 'From' })} {...typed('created_after')} />
      <DateField label={intl.formatMessage({ id: 'generations.filters.to', defaultMessage: 'To' })} {...typed('created_before')} />
    </FilterBar>
  );
}
