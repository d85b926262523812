import {
  Alert,
  AlertTitle,
  Box,
  Button,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TablePagination,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useState, type FormEvent } from 'react';

import { ConfirmDialog, CopyButton, EmptyState, ErrorState, FormError, LoadingState, StatusChip } from '../../../components';
import { PAGE_SIZE, ROLES, type ApiKeyRole } from '../../../config/constants';
import { fieldMessage, toApiError, type ApiError } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { useCreateApiKeyMutation, useListApiKeysQuery, useRevokeApiKeyMutation } from '../api';
import { useCurrentWorkspace } from '../hooks';
import type { ApiKey } from '../types';

const KEY_ROLES = ROLES.filter((r) => r !== 'owner');

export function ApiKeysPanel() {
  const { workspaceId, can } = useCurrentWorkspace();
  const [page, setPage] = useState(1);
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

function CreateKeyForm({ workspace }: { workspace: number }) {
  const [create, { isLoading }] = useCreateApiKeyMutation();
  const [name, setName] = useState('');
  const [role, setRole] = useState<ApiKeyRole>('editor');
  const [expires, setExpires] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [secret, setSecret] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const created = await create({
        workspace,
        name,
        role,
        expires_at: expires ? new Date(`${expires}T23:59:59`).toISOString() : null,
      }).unwrap();
      setSecret(created.key);
      setName('');
      setExpires('');
    } catch (err) {
      setError(toApiError(err));
    }
  };

  return (
    <Stack spacing={1}>
      {secret ? (
        <Alert severity="warning" onClose={() => setSecret(null)}>
          <AlertTitle>Copy this key now: it will not be shown again</AlertTitle>
          <Box component="code" data-testid="new-api-key" sx={{ wordBreak: 'break-all', display: 'block', my: 1 }}>
            {secret}
          </Box>
          <CopyButton text={secret} label="Copy key" />
        </Alert>
      ) : null}
      <Stack component="form" onSubmit={submit} spacing={1}>
        <FormError error={error} shownFields={['name', 'role', 'expires_at']} />
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: { sm: 'flex-start' } }}>
          <TextField label="Key name" required value={name} onChange={(e) => setName(e.target.value)} error={Boolean(fieldMessage(error, 'name'))} helperText={fieldMessage(error, 'name')} />
          <TextField select label="Role" value={role} onChange={(e) => setRole(e.target.value as ApiKeyRole)} sx={{ minWidth: 130 }} fullWidth={false} error={Boolean(fieldMessage(error, 'role'))} helperText={fieldMessage(error, 'role')}>
            {KEY_ROLES.map((r) => (
              <MenuItem key={r} value={r}>
                {r}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            label="Expires (optional)"
            type="date"
            value={expires}
            onChange={(e) => setExpires(e.target.value)}
            sx={{ minWidth: 170 }}
            fullWidth={false}
            slotProps={{ inputLabel: { shrink: true } }}
            error={Boolean(fieldMessage(error, 'expires_at'))}
            helperText={fieldMessage(error, 'expires_at')}
          />
          <Button type="submit" variant="contained" disabled={!name || isLoading} sx={{ whiteSpace: 'nowrap' }}>
            Create key
          </Button>
        </Stack>
      </Stack>
    </Stack>
  );
}
