import { TextField } from '@mui/material';
import { useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';

import { bindFilters, DateField, FilterBar, SelectField, useStatusLabel } from '../../../../components';
import { ProviderLabel, useListProvidersQuery } from '../../../providers';
import { TemplatePicker, useGetTemplateQuery, useTemplateSearch, type Template } from '../../../templates';
import { GENERATION_STATUSES } from '../../types';

export const HISTORY_FILTERS = { status: '', provider: '', model: '', template: '', cache_hit: '', created_after: '', created_before: '' };
export type HistoryFilterValues = typeof HISTORY_FILTERS;

const CACHE_LABELS = defineMessages({
  true: { id: 'generations.filters.cacheHits', defaultMessage: 'Cache hits' },
  false: { id: 'generations.filters.freshCalls', defaultMessage: 'Fresh calls' },
});

/**
 * The template the `template` filter (an id, from the URL) names: the one just picked, else fetched,
 * so that its name shows even when the search's page does not list it.
 */
function useFilteredTemplate(filter: string) {
  const id = Number(filter) || 0;
  const [picked, pick] = useState<Template | null>(null);
  const fetched = useGetTemplateQuery(id, { skip: !id || picked?.id === id });
  const value = !id ? null : picked?.id === id ? picked : (fetched.currentData ?? null);
  return { value, pick, failed: Boolean(id) && fetched.isError };
}

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
  const templates = useTemplateSearch(workspace);
  const template = useFilteredTemplate(values.template);
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
      <TemplatePicker
        search={templates}
        value={template.value}
        onChange={(next) => {
          template.pick(next);
          onChange({ template: next ? String(next.id) : '' });
        }}
        error={template.failed ? intl.formatMessage({ id: 'generations.filters.templateMissing', defaultMessage: 'Template {id} could not be loaded; Clear shows every template.' }, { id: values.template }) : undefined}
      />
      <SelectField label={intl.formatMessage({ id: 'generations.filters.cache', defaultMessage: 'Cache' })} {...select('cache_hit')} emptyLabel={any} labels={CACHE_LABELS} />
      <DateField label={intl.formatMessage({ id: 'generations.filters.from', defaultMessage: 'From' })} {...typed('created_after')} />
      <DateField label={intl.formatMessage({ id: 'generations.filters.to', defaultMessage: 'To' })} {...typed('created_before')} />
    </FilterBar>
  );
}
