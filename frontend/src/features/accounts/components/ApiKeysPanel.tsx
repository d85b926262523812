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
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';

import { ConfirmDialog, EmptyState, ErrorState, FormError, LoadingState, StatusChip } from '../../../components';
import { PAGE_SIZE } from '../../../config/constants';
import { toApiError, type ApiError } from '../../../lib/errors';
import { useUrlState } from '../../../lib/useUrlState';
import { formatDateTime } from '../../../lib/format';
import { useListApiKeysQuery, useRevokeApiKeyMutation } from '../api';
import { useCurrentWorkspace } from '../hooks';
import { useRoleLabel } from '../roles';
import type { ApiKey } from '../types';
import { CreateKeyForm } from './CreateKeyForm';

const KEY_STATES = defineMessages({
  active: { id: 'accounts.apiKeys.active', defaultMessage: 'active' },
  revoked: { id: 'accounts.apiKeys.revoked', defaultMessage: 'revoked' },
  expired: { id: 'accounts.apiKeys.expired', defaultMessage: 'expired' },
});

export function ApiKeysPanel() {
  const intl = useIntl();
  const roleLabel = useRoleLabel();
  const title = intl.formatMessage({ id: 'accounts.apiKeys.title', defaultMessage: 'API keys' });
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
        <Typography variant="h2">{title}</Typography>
        <Alert severity="info">
          <FormattedMessage id="accounts.apiKeys.adminsOnly" defaultMessage="Only admins and owners can see and create API keys." />
        </Alert>
      </Stack>
    );
  }

  return (
    <Stack spacing={2}>
      <Typography variant="h2">{title}</Typography>
      {workspaceId ? <CreateKeyForm workspace={workspaceId} /> : null}
      <FormError error={revokeError} />
      {isLoading ? (
        <LoadingState />
      ) : error ? (
        <ErrorState error={error} onRetry={refetch} />
      ) : !data?.results.length ? (
        <EmptyState title={intl.formatMessage({ id: 'accounts.apiKeys.empty', defaultMessage: 'No API keys' })}>
          <FormattedMessage id="accounts.apiKeys.emptyHelp" defaultMessage="Create one to call the API from scripts and other services." />
        </EmptyState>
      ) : (
        <TableContainer>
          <Table size="small" aria-label={title}>
            <TableHead>
              <TableRow>
                <TableCell>
                  <FormattedMessage id="accounts.apiKeys.name" defaultMessage="Name" />
                </TableCell>
                <TableCell>
                  <FormattedMessage id="accounts.apiKeys.prefix" defaultMessage="Prefix" />
                </TableCell>
                <TableCell>
                  <FormattedMessage id="accounts.apiKeys.role" defaultMessage="Role" />
                </TableCell>
                <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>
                  <FormattedMessage id="accounts.apiKeys.lastUsed" defaultMessage="Last used" />
                </TableCell>
                <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>
                  <FormattedMessage id="accounts.apiKeys.expires" defaultMessage="Expires" />
                </TableCell>
                <TableCell>
                  <FormattedMessage id="accounts.apiKeys.status" defaultMessage="Status" />
                </TableCell>
                <TableCell align="right">
                  <FormattedMessage id="accounts.apiKeys.actions" defaultMessage="Actions" />
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.results.map((key) => (
                <TableRow key={key.id}>
                  <TableCell>{key.name}</TableCell>
                  <TableCell>
                    <code>
                      <FormattedMessage id="accounts.apiKeys.prefixShown" defaultMessage="{prefix}…" values={{ prefix: key.prefix }} />
                    </code>
                  </TableCell>
                  <TableCell>{roleLabel(key.role)}</TableCell>
                  <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>{formatDateTime(key.last_used_at)}</TableCell>
                  <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>{key.expires_at ? formatDateTime(key.expires_at) : intl.formatMessage({ id: 'accounts.apiKeys.never', defaultMessage: 'never' })}</TableCell>
                  <TableCell>
                    <StatusChip status={key.is_active ? 'succeeded' : 'cancelled'} label={intl.formatMessage(key.is_active ? KEY_STATES.active : key.revoked_at ? KEY_STATES.revoked : KEY_STATES.expired)} />
                  </TableCell>
                  <TableCell align="right">
                    {key.is_active ? (
                      <Button size="small" color="error" onClick={() => setRevoking(key)}>
                        <FormattedMessage id="accounts.apiKeys.revoke" defaultMessage="Revoke" />
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
        title={intl.formatMessage({ id: 'accounts.apiKeys.revokeTitle', defaultMessage: 'Revoke API key?' })}
        danger
        confirmLabel={intl.formatMessage({ id: 'accounts.apiKeys.revoke', defaultMessage: 'Revoke' })}
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
        <FormattedMessage id="accounts.apiKeys.revokeBody" defaultMessage="Calls made with “{name}” will be refused from now on." values={{ name: revoking?.name }} />
      </ConfirmDialog>
    </Stack>
  );
}
