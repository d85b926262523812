import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlineOutlined';
import { Alert, IconButton, Stack, Typography } from '@mui/material';
import { useState } from 'react';

import { ConfirmDialog, EmptyState, FormError, QueryTable, StatusChip, type Column } from '../../../components';
import { toApiError, type ApiError } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { useDeleteCredentialMutation, useListCredentialsQuery, useListProvidersQuery } from '../api';
import type { Provider, ProviderCredential, ProviderHealth } from '../types';
import { ProviderLabel } from './ProviderLabel';
import { CredentialForm } from './CredentialForm';

const HEALTH_LABEL = { closed: 'healthy', half_open: 'recovering', open: 'failing' } as const;

const providerColumns: Column<Provider>[] = [
  { key: 'provider', header: 'Provider', cell: (p) => <ProviderLabel name={p.name} label={p.label} isOffline={p.is_offline} /> },
  { key: 'configured', header: 'Configured', cell: (p) => (p.is_offline ? 'built in' : p.configured ? 'yes' : 'no') },
  { key: 'status', header: 'Status', cell: (p) => <StatusChip status={p.health} label={HEALTH_LABEL[p.health as ProviderHealth] ?? p.health} /> },
  { key: 'models', header: 'Models', hideBelow: 'sm', cell: (p) => p.models.length },
];

/** Provider status and the workspace's provider credentials. `canManage`: the caller is an admin. */
export function ProvidersPanel({ workspace, canManage }: { workspace: number; canManage: boolean }) {
  const providers = useListProvidersQuery({ workspace });
  const credentials = useListCredentialsQuery({ workspace }, { skip: !canManage });
  const [remove] = useDeleteCredentialMutation();
  const [removing, setRemoving] = useState<ProviderCredential | null>(null);
  const [removeError, setRemoveError] = useState<ApiError | null>(null);

  const credentialColumns: Column<ProviderCredential>[] = [
    { key: 'provider', header: 'Provider', cell: (c) => c.provider },
    { key: 'key', header: 'Key', cell: (c) => <code>…{c.api_key_last4}</code> },
    { key: 'base-url', header: 'Base URL', hideBelow: 'sm', cell: (c) => c.base_url || '—' },
    { key: 'added', header: 'Added', hideBelow: 'sm', cell: (c) => formatDateTime(c.created_at) },
    {
      key: 'actions',
      header: 'Actions',
      align: 'right',
      cell: (c) => (
        <IconButton aria-label={`Delete ${c.provider} credential`} onClick={() => setRemoving(c)}>
          <DeleteOutlineIcon />
        </IconButton>
      ),
    },
  ];

  return (
    <Stack spacing={2}>
      <Typography variant="h2">Providers</Typography>
      <QueryTable query={providers} label="Providers" columns={providerColumns} rowKey={(p) => p.name} empty={<EmptyState title="No providers available" />} />

      <Typography variant="h2">Provider credentials</Typography>
      {!canManage ? (
        <Alert severity="info">Only admins and owners can manage provider credentials.</Alert>
      ) : (
        <>
          <CredentialForm workspace={workspace} providers={(providers.data ?? []).filter((p) => !p.is_offline).map((p) => ({ name: p.name, label: p.label }))} />
          <FormError error={removeError} />
          <QueryTable
            query={credentials}
            label="Provider credentials"
            columns={credentialColumns}
            rowKey={(c) => c.id}
            empty={<EmptyState title="No credentials stored">The server's environment keys are used when a workspace has none.</EmptyState>}
          />
        </>
      )}
      <ConfirmDialog
        open={Boolean(removing)}
        title="Delete credential?"
        danger
        confirmLabel="Delete"
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          const credential = removing;
          setRemoving(null);
          if (!credential) return;
          setRemoveError(null);
          try {
            await remove({ id: credential.id }).unwrap();
          } catch (err) {
            setRemoveError(toApiError(err));
          }
        }}
      >
        Generations in this workspace will stop using this {removing?.provider} key.
      </ConfirmDialog>
    </Stack>
  );
}
