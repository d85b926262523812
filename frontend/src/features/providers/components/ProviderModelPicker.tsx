import { Alert, MenuItem, Stack, TextField } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';

import { formatPrice } from '../../../lib/format';
import { useListProvidersQuery } from '../api';
import type { ProviderName } from '../types';
import { ProviderLabel } from './ProviderLabel';

export interface ProviderChoice {
  /** Empty: the default. */
  provider: ProviderName | '';
  model: string;
}

/** Provider and model selects with prices per million tokens; empty means "the template's default". */
export function ProviderModelPicker({
  workspace,
  value,
  onChange,
  errors = {},
  defaultLabel: givenDefaultLabel,
}: {
  workspace: number;
  value: ProviderChoice;
  onChange: (value: ProviderChoice) => void;
  errors?: { provider?: string; model?: string };
  defaultLabel?: string;
}) {
  const intl = useIntl();
  const defaultLabel = givenDefaultLabel ?? intl.formatMessage({ id: 'providers.picker.templateDefault', defaultMessage: 'Template default' });
  const { data: providers = [], error, isLoading } = useListProvidersQuery({ workspace });
  const selected = providers.find((p) => p.name === value.provider);
  const offline = selected?.is_offline || value.provider === 'local';

  return (
    <Stack spacing={1}>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
        <TextField
          select
          label={intl.formatMessage({ id: 'providers.picker.provider', defaultMessage: 'Provider' })}
          value={providers.length || !value.provider ? value.provider : ''}
          onChange={(e) => onChange({ provider: e.target.value as ProviderName, model: '' })}
          error={Boolean(errors.provider) || Boolean(error)}
          helperText={
            errors.provider ??
            (error
              ? intl.formatMessage({ id: 'providers.picker.loadError', defaultMessage: 'Could not load providers.' })
              : isLoading
                ? intl.formatMessage({ id: 'providers.picker.loading', defaultMessage: 'Loading providers…' })
                : undefined)
          }
        >
          <MenuItem value="">{defaultLabel}</MenuItem>
          {providers.map((p) => (
            <MenuItem key={p.name} value={p.name} disabled={!p.configured && !p.is_offline}>
              <ProviderLabel name={p.name} label={intl.formatMessage(
                  {
                    id: 'providers.picker.providerOption',
                    defaultMessage: '{provider}{configured, select, no { (not configured)} other {}}{health, select, open { — unavailable} other {}}',
                  },
                  { provider: p.label, configured: !p.configured && !p.is_offline ? 'no' : 'yes', health: p.health },
                )} isOffline={p.is_offline} />
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          label={intl.formatMessage({ id: 'providers.picker.model', defaultMessage: 'Model' })}
          value={selected?.models.some((m) => m.model === value.model) ? value.model : ''}
          onChange={(e) => onChange({ provider: value.provider, model: e.target.value })}
          disabled={!selected}
          error={Boolean(errors.model)}
          helperText={errors.model}
        >
          <MenuItem value="">{selected ? intl.formatMessage({ id: 'providers.picker.providerDefault', defaultMessage: 'Provider default' }) : defaultLabel}</MenuItem>
          {selected?.models.map((m) => (
            <MenuItem key={m.model} value={m.model}>
              <FormattedMessage
                id="providers.picker.modelOption"
                defaultMessage="{model} · in {input} · out {output}"
                values={{ model: m.label || m.model, input: formatPrice(m.input_price_per_mtok), output: formatPrice(m.output_price_per_mtok) }}
              />
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      {offline ? (
        <Alert severity="warning" variant="outlined">
          <FormattedMessage id="providers.picker.offlineWarning" defaultMessage="The local provider is an offline draft generator: its output is a deterministic placeholder, not an AI answer." />
        </Alert>
      ) : null}
    </Stack>
  );
}
