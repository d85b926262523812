import { Alert, AlertTitle, Box, Button, Stack, TextField } from '@mui/material';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { CopyButton, DateField, FormError } from '../../../components';
import { ROLES, type ApiKeyRole } from '../../../config/constants';
import { fieldProps } from '../../../lib/errors';
import { useApiAction } from '../../../lib/hooks';
import { useCreateApiKeyMutation } from '../api';
import { RoleSelect } from './RoleSelect';

const KEY_ROLES = ROLES.filter((r): r is ApiKeyRole => r !== 'owner');

export function CreateKeyForm({ workspace }: { workspace: number }) {
  const intl = useIntl();
  const [create, { isLoading }] = useCreateApiKeyMutation();
  const [name, setName] = useState('');
  const [role, setRole] = useState<ApiKeyRole>('editor');
  const [expires, setExpires] = useState('');
  const { error, submitWith } = useApiAction();
  const [secret, setSecret] = useState<string | null>(null);

  const submit = submitWith(async () => {
    const created = await create({
      workspace,
      name,
      role,
      expires_at: expires ? new Date(`${expires}T23:59:59`).toISOString() : null,
    }).unwrap();
    setSecret(created.key);
    setName('');
    setExpires('');
  });

  return (
    <Stack spacing={1}>
      {secret ? (
        <Alert severity="warning" onClose={() => setSecret(null)}>
          <AlertTitle>
            <FormattedMessage id="accounts.apiKeys.copyNow" defaultMessage="Copy this key now: it will not be shown again" />
          </AlertTitle>
          <Box component="code" data-testid="new-api-key" sx={{ wordBreak: 'break-all', display: 'block', my: 1 }}>
            {secret}
          </Box>
          <CopyButton text={secret} label={intl.formatMessage({ id: 'accounts.apiKeys.copyKey', defaultMessage: 'Copy key' })} />
        </Alert>
      ) : null}
      <Stack component="form" onSubmit={submit} spacing={1}>
        <FormError error={error} shownFields={['name', 'role', 'expires_at']} />
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: { sm: 'flex-start' } }}>
          <TextField label={intl.formatMessage({ id: 'accounts.apiKeys.keyName', defaultMessage: 'Key name' })} required value={name} onChange={(e) => setName(e.target.value)} {...fieldProps(error, 'name')} />
          <RoleSelect roles={KEY_ROLES} label={intl.formatMessage({ id: 'accounts.apiKeys.role', defaultMessage: 'Role' })} value={role} onChange={setRole} sx={{ minWidth: 130 }} {...fieldProps(error, 'role')} />
          <DateField label={intl.formatMessage({ id: 'accounts.apiKeys.expiresOptional', defaultMessage: 'Expires (optional)' })} value={expires} onChange={(e) => setExpires(e.target.value)} sx={{ minWidth: 170 }} fullWidth={false} {...fieldProps(error, 'expires_at')} />
          <Button type="submit" variant="contained" disabled={!name || isLoading} sx={{ whiteSpace: 'nowrap' }}>
            <FormattedMessage id="accounts.apiKeys.create" defaultMessage="Create key" />
          </Button>
        </Stack>
      </Stack>
    </Stack>
  );
}
