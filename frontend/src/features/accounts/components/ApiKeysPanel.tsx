import {
  Alert,
  Button,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TablePagination,
  TableRow,
  Typography,
} from '@mui/material';
import { useState } from 'react';

import { ConfirmDialog, EmptyState, ErrorState, FormError, LoadingState, StatusChip } from '../../../components';
import { PAGE_SIZE } from '../../../config/constants';
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
  const { data, error, isLoading, refetch } = useListApiKeysQuery({ workspace: workspaceId ?? 0, page }, { skip: !workspaceId || !isAdmin });
  const [revoke] = useRevokeApiKeyMutation();
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [revokeError, setRevokeError] = useState<ApiError | null>(null);

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
      {isLoading ? (
        <LoadingState />
      ) : error ? (
        <ErrorState error={error} onRetry={refetch} />
      ) : !data?.results.length ? (
        <EmptyState title="No API keys">Create one to call the API from scripts and other services.</EmptyState>
      ) : (
        <TableContainer>
          <Table size="small" aria-label="API keys">
            <TableHead>
              <TableRow>
                <TableCell>Name</TableCell>
                <TableCell>Prefix</TableCell>
                <TableCell>Role</TableCell>
                <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>Last used</TableCell>
                <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>Expires</TableCell>
                <TableCell>Status</TableCell>
                <TableCell align="right">Actions</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.results.map((key) => (
                <TableRow key={key.id}>
                  <TableCell>{key.name}</TableCell>
                  <TableCell>
                    <code>{key.prefix}…</code>
                  </TableCell>
                  <TableCell>{key.role}</TableCell>
                  <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>{formatDateTime(key.last_used_at)}</TableCell>
                  <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>{key.expires_at ? formatDateTime(key.expires_at) : 'never'}</TableCell>
                  <TableCell>
                    <StatusChip status={key.is_active ? 'succeeded' : 'cancelled'} label={key.is_active ? 'active' : key.revoked_at ? 'revoked' : 'expired'} />
                  </TableCell>
                  <TableCell align="right">
                    {key.is_active ? (
                      <Button size="small" color="error" onClick={() => setRevoking(key)}>
                        Revoke
                      </Button>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <TablePagination component="div" count={data.count} page={page - 1} rowsPerPage={PAGE_SIZE} rowsPerPageOptions={[]} onPageChange={(_e, p) => setPage(p + 1)} />
        </TableContainer>
      )}
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
