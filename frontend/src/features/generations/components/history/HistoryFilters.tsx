import { Box, Button, MenuItem, Paper, TextField } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';

import { useStatusLabel } from '../../../../components';
import { ProviderLabel, useListProvidersQuery } from '../../../providers';
import { useListTemplatesQuery } from '../../../templates';
import { GENERATION_STATUSES } from '../../types';

export const HISTORY_FILTERS = { status: '', provider: '', model: '', template: '', cache_hit: '', created_after: '', created_before: '' };
export type HistoryFilterValues = typeof HISTORY_FILTERS;

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
  const select = (key: keyof HistoryFilterValues) => ({ select: true, value: values[key], onChange: (e: { target: { value: string } }) => onChange({ [key]: e.target.value }) });
  return (
    <Paper sx={{ p: 2, mb: 2 }}>
      <Box role="search" aria-label={intl.formatMessage({ id: 'generations.filters.label', defaultMessage: 'Filter generations' })} sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: { xs: 'minmax(0, 1fr)', sm: '1fr 1fr', lg: 'repeat(7, minmax(0, 1fr)) auto' } }}>
        <TextField label={intl.formatMessage({ id: 'generations.filters.status', defaultMessage: 'Status' })} {...select('status')}>
          <MenuItem value="">{any}</MenuItem>
          {GENERATION_STATUSES.map((s) => (
            <MenuItem key={s} value={s}>
              {statusLabel(s)}
            </MenuItem>
          ))}
        </TextField>
        <TextField label={intl.formatMessage({ id: 'generations.filters.provider', defaultMessage: 'Provider' })} {...select('provider')}>
          <MenuItem value="">{any}</MenuItem>
          {(providers.data ?? []).map((p) => (
            <MenuItem key={p.name} value={p.name}>
              <ProviderLabel name={p.name} label={p.label} isOffline={p.is_offline} />
            </MenuItem>
          ))}
        </TextField>
        <TextField label={intl.formatMessage({ id: 'generations.filters.model', defaultMessage: 'Model' })} value={values.model} onChange={(e) => onChange({ model: e.target.value }, { replace: true })} />
        <TextField label={intl.formatMessage({ id: 'generations.filters.template', defaultMessage: 'Template' })} {...select('template')}>
          <MenuItem value="">{any}</MenuItem>
          {(templates.data?.results ?? []).map((t) => (
            <MenuItem key={t.id} value={String(t.id)}>
              {t.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField label={intl.formatMessage({ id: 'generations.filters.cache', defaultMessage: 'Cache' })} {...select('cache_hit')}>
          <MenuItem value="">{any}</MenuItem>
          <MenuItem value="true">
            <FormattedMessage id="generations.filters.cacheHits" defaultMessage="Cache hits" />
          </MenuItem>
          <MenuItem value="false">
            <FormattedMessage id="generations.filters.freshCalls" defaultMessage="Fresh calls" />
          </MenuItem>
        </TextField>
        <TextField label={intl.formatMessage({ id: 'generations.filters.from', defaultMessage: 'From' })} type="date" value={values.created_after} onChange={(e) => onChange({ created_after: e.target.value }, { replace: true })} slotProps={{ inputLabel: { shrink: true } }} />
        <TextField label={intl.formatMessage({ id: 'generations.filters.to', defaultMessage: 'To' })} type="date" value={values.created_before} onChange={(e) => onChange({ created_before: e.target.value }, { replace: true })} slotProps={{ inputLabel: { shrink: true } }} />
        <Button onClick={onClear} disabled={!filtering}>
          <FormattedMessage id="generations.filters.clear" defaultMessage="Clear" />
        </Button>
      </Box>
    </Paper>
  );
}
