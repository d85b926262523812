import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlineOutlined';
import {
  Alert,
  IconButton,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useState } from 'react';

import { ConfirmDialog, EmptyState, ErrorState, FormError, LoadingState, StatusChip } from '../../../components';
import { toApiError, type ApiError } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { useDeleteCredentialMutation, useListCredentialsQuery, useListProvidersQuery } from '../api';
import type { ProviderCredential, ProviderHealth } from '../types';
import { ProviderLabel } from './ProviderLabel';
import { CredentialForm } from './CredentialForm';

const HEALTH_LABEL = { closed: 'healthy', half_open: 'recovering', open: 'failing' } as const;

/** Provider status and the workspace's provider credentials. `canManage`: the caller is an admin. */
export function ProvidersPanel({ workspace, canManage }: { workspace: number; canManage: boolean }) {
  const providers = useListProvidersQuery({ workspace });
  const credentials = useListCredentialsQuery({ workspace }, { skip: !canManage });
  const [remove] = useDeleteCredentialMutation();
  const [removing, setRemoving] = useState<ProviderCredential | null>(null);
  const [removeError, setRemoveError] = useState<ApiError | null>(null);

  return (
    <Stack spacing={2}>
      <Typography variant="h2">Providers</Typography>
      {providers.isLoading ? (
        <LoadingState />
      ) : providers.error ? (
        <ErrorState error={providers.error} onRetry={providers.refetch} />
      ) : !providers.data?.length ? (
        <EmptyState title="No providers available" />
      ) : (
        <TableContainer>
          <Table size="small" aria-label="Providers">
            <TableHead>
              <TableRow>
                <TableCell>Provider</TableCell>
                <TableCell>Configured</TableCell>
                <TableCell>Status</TableCell>
                <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>Models</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {providers.data.map((p) => (
                <TableRow key={p.name}>
                  <TableCell>
                    <ProviderLabel name={p.name} label={p.label} isOffline={p.is_offline} />
                  </TableCell>
                  <TableCell>{p.is_offline ? 'built in' : p.configured ? 'yes' : 'no'}</TableCell>
                  <TableCell>
                    <StatusChip status={p.health} label={HEALTH_LABEL[p.health as ProviderHealth] ?? p.health} />
                  </TableCell>
                  <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{p.models.length}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}

      <Typography variant="h2">Provider credentials</Typography>
      {!canManage ? (
        <Alert severity="info">Only admins and owners can manage provider credentials.</Alert>
      ) : (
        <>
          <CredentialForm workspace={workspace} providers={(providers.data ?? []).filter((p) => !p.is_offline).map((p) => ({ name: p.name, label: p.label }))} />
          <FormError error={removeError} />
          {credentials.isLoading ? (
            <LoadingState />
          ) : credentials.error ? (
            <ErrorState error={credentials.error} onRetry={credentials.refetch} />
          ) : !credentials.data?.length ? (
            <EmptyState title="No credentials stored">The server's environment keys are used when a workspace has none.</EmptyState>
          ) : (
            <TableContainer>
              <Table size="small" aria-label="Provider credentials">
                <TableHead>
                  <TableRow>
                    <TableCell>Provider</TableCell>
                    <TableCell>Key</TableCell>
                    <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>Base URL</TableCell>
                    <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>Added</TableCell>
                    <TableCell align="right">Actions</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {credentials.data.map((c) => (
                    <TableRow key={c.id}>
                      <TableCell>{c.provider}</TableCell>
                      <TableCell>
                        <code>…{c.api_key_last4}</code>
                      </TableCell>
                      <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{c.base_url || '—'}</TableCell>
                      <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{formatDateTime(c.created_at)}</TableCell>
                      <TableCell align="right">
                        <IconButton aria-label={`Delete ${c.provider} credential`} onClick={() => setRemoving(c)}>
                          <DeleteOutlineIcon />
                        </IconButton>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          )}
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
