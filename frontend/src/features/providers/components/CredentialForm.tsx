import {
  Button,
  MenuItem,
  Stack,
  TextField,
} from '@mui/material';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { FormError } from '../../../components';
import { fieldProps } from '../../../lib/errors';
import { useApiAction } from '../../../lib/hooks';
import { useCreateCredentialMutation } from '../api';
import type { ProviderName } from '../types';

export function CredentialForm({ workspace, providers }: { workspace: number; providers: { name: string; label: string }[] }) {
  const intl = useIntl();
  const [create, { isLoading }] = useCreateCredentialMutation();
  const [provider, setProvider] = useState<ProviderName | ''>('');
  const [apiKey, setApiKey] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const { error, submitWith } = useApiAction();
  const submit = submitWith(async () => {
    if (!provider) return;
    await create({ workspace, provider, api_key: apiKey, ...(baseUrl ? { base_url: baseUrl } : {}) }).unwrap();
    setApiKey('');
    setBaseUrl('');
  });
  return (
    <Stack component="form" onSubmit={submit} spacing={1}>
      <FormError error={error} shownFields={['provider', 'api_key', 'base_url']} />
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={1} sx={{ alignItems: { md: 'flex-start' } }}>
        <TextField select label={intl.formatMessage({ id: 'providers.credentials.provider', defaultMessage: 'Provider' })} required value={provider} onChange={(e) => setProvider(e.target.value as ProviderName)} sx={{ minWidth: 180 }} {...fieldProps(error, 'provider')}>
          {providers.map((p) => (
            <MenuItem key={p.name} value={p.name}>
              {p.label}
            </MenuItem>
          ))}
        </TextField>
        <TextField label={intl.formatMessage({ id: 'providers.credentials.apiKey', defaultMessage: 'API key' })} type="password" autoComplete="off" required value={apiKey} onChange={(e) => setApiKey(e.target.value)} {...fieldProps(error, 'api_key', intl.formatMessage({ id: 'providers.credentials.apiKeyHelp', defaultMessage: 'Stored encrypted; only the last 4 characters are shown.' }))} />
        <TextField label={intl.formatMessage({ id: 'providers.credentials.baseUrl', defaultMessage: 'Base URL (OpenAI-compatible servers)' })} value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} {...fieldProps(error, 'base_url')} />
        <Button type="submit" variant="contained" disabled={!provider || !apiKey || isLoading} sx={{ whiteSpace: 'nowrap' }}>
          <FormattedMessage id="providers.credentials.save" defaultMessage="Save credential" />
        </Button>
      </Stack>
    </Stack>
  );
}
