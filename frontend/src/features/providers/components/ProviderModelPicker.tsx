import { Alert, MenuItem, Stack, TextField } from '@mui/material';

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
  defaultLabel = 'Template default',
}: {
  workspace: number;
  value: ProviderChoice;
  onChange: (value: ProviderChoice) => void;
  errors?: { provider?: string; model?: string };
  defaultLabel?: string;
}) {
  const { data: providers = [], error, isLoading } = useListProvidersQuery({ workspace });
  const selected = providers.find((p) => p.name === value.provider);
  const offline = selected?.is_offline || value.provider === 'local';

  return (
    <Stack spacing={1}>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
        <TextField
          select
          label="Provider"
          value={providers.length || !value.provider ? value.provider : ''}
          onChange={(e) => onChange({ provider: e.target.value as ProviderName, model: '' })}
          error={Boolean(errors.provider) || Boolean(error)}
          helperText={errors.provider ?? (error ? 'Could not load providers.' : isLoading ? 'Loading providers…' : undefined)}
        >
          <MenuItem value="">{defaultLabel}</MenuItem>
          {providers.map((p) => (
            <MenuItem key={p.name} value={p.name} disabled={!p.configured && !p.is_offline}>
              <ProviderLabel name={p.name} label={`${p.label}${!p.configured && !p.is_offline ? ' (not configured)' : ''}${p.health === 'open' ? ' — unavailable' : ''}`} isOffline={p.is_offline} />
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          label="Model"
          value={selected?.models.some((m) => m.model === value.model) ? value.model : ''}
          onChange={(e) => onChange({ provider: value.provider, model: e.target.value })}
          disabled={!selected}
          error={Boolean(errors.model)}
          helperText={errors.model}
        >
          <MenuItem value="">{selected ? 'Provider default' : defaultLabel}</MenuItem>
          {selected?.models.map((m) => (
            <MenuItem key={m.model} value={m.model}>
              {m.label || m.model} · in {formatPrice(m.input_price_per_mtok)} · out {formatPrice(m.output_price_per_mtok)}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      {offline ? (
        <Alert severity="warning" variant="outlined">
          The local provider is an offline draft generator: its output is a deterministic placeholder, not an AI answer.
        </Alert>
      ) : null}
    </Stack>
  );
}
