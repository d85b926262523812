import { Alert, Button, Stack, Typography } from '@mui/material';
import { useState } from 'react';

import { ConfirmDialog, EmptyState, FormError, QueryTable, StatusChip, type Column } from '../../../components';
import { toApiError, type ApiError } from '../../../lib/errors';
import { useUrlState } from '../../../lib/useUrlState';
import { formatDateTime } from '../../../lib/format';
import { useListApiKeysQuery, useRevokeApiKeyMutation } from '../api';
import { useCurrentWorkspace } from '../hooks';
import type { ApiKey } from '../types';
import { CreateKeyForm } from './CreateKeyForm';

export function ApiKeysPanel() {
  const { workspaceId, can } = useCurrentWorkspace();
  const { page, setPage } = useUrlState({});
  const isAdmin = can('admin');
  const keys = useListApiKeysQuery({ workspace: workspaceId ?? 0, page }, { skip: !workspaceId || !isAdmin });
  const [revoke] = useRevokeApiKeyMutation();
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [revokeError, setRevokeError] = useState<ApiError | null>(null);

  const columns: Column<ApiKey>[] = [
    { key: 'name', header: 'Name', cell: (key) => key.name },
    { key: 'prefix', header: 'Prefix', cell: (key) => <code>{key.prefix}…</code> },
    { key: 'role', header: 'Role', cell: (key) => key.role },
    { key: 'last-used', header: 'Last used', hideBelow: 'md', cell: (key) => formatDateTime(key.last_used_at) },
    { key: 'expires', header: 'Expires', hideBelow: 'md', cell: (key) => (key.expires_at ? formatDateTime(key.expires_at) : 'never') },
    {
      key: 'status',
      header: 'Status',
      cell: (key) => <StatusChip status={key.is_active ? 'succeeded' : 'cancelled'} label={key.is_active ? 'active' : key.revoked_at ? 'revoked' : 'expired'} />,
    },
    {
      key: 'actions',
      header: 'Actions',
      align: 'right',
      cell: (key) =>
        key.is_active ? (
          <Button size="small" color="error" onClick={() => setRevoking(key)}>
            Revoke
          </Button>
        ) : null,
    },
  ];

  if (!isAdmin) {
    return (
      <Stack spacing={2}>
        <Typography variant="h2">API keys</Typography>
        <Alert severity="info">Only admins and owners can see and create API keys.</Alert>
      </Stack>
    );
  }

  return (
    <Stack spacing={2}>
      <Typography variant="h2">API keys</Typography>
      {workspaceId ? <CreateKeyForm workspace={workspaceId} /> : null}
      <FormError error={revokeError} />
      <QueryTable
        query={keys}
        label="API keys"
        columns={columns}
        rowKey={(key) => key.id}
        page={page}
        onPageChange={setPage}
        empty={<EmptyState title="No API keys">Create one to call the API from scripts and other services.</EmptyState>}
      />
      <ConfirmDialog
        open={Boolean(revoking)}
        title="Revoke API key?"
        danger
        confirmLabel="Revoke"
        onClose={() => setRevoking(null)}
        onConfirm={async () => {
          const key = revoking;
          setRevoking(null);
          if (!key || !workspaceId) return;
          setRevokeError(null);
          try {
            await revoke({ workspace: workspaceId, id: key.id }).unwrap();
          } catch (err) {
            setRevokeError(toApiError(err));
          }
        }}
      >
        Calls made with “{revoking?.name}” will be refused from now on.
      </ConfirmDialog>
    </Stack>
  );
}
