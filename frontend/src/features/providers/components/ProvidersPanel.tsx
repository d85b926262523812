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
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';

import { ConfirmDialog, EmptyState, ErrorState, FormError, LoadingState, StatusChip } from '../../../components';
import { toApiError, type ApiError } from '../../../lib/errors';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { useDeleteCredentialMutation, useListCredentialsQuery, useListProvidersQuery } from '../api';
import type { ProviderCredential, ProviderHealth } from '../types';
import { ProviderLabel } from './ProviderLabel';
import { CredentialForm } from './CredentialForm';

/** The circuit breaker's state as people read it. */
const HEALTH_LABEL = defineMessages<ProviderHealth>({
  closed: { id: 'providers.health.closed', defaultMessage: 'healthy' },
  half_open: { id: 'providers.health.halfOpen', defaultMessage: 'recovering' },
  open: { id: 'providers.health.open', defaultMessage: 'failing' },
});

/** Provider status and the workspace's provider credentials. `canManage`: the caller is an admin. */
export function ProvidersPanel({ workspace, canManage }: { workspace: number; canManage: boolean }) {
  const intl = useIntl();
  const providers = useListProvidersQuery({ workspace });
  const credentials = useListCredentialsQuery({ workspace }, { skip: !canManage });
  const [remove] = useDeleteCredentialMutation();
  const [removing, setRemoving] = useState<ProviderCredential | null>(null);
  const [removeError, setRemoveError] = useState<ApiError | null>(null);

  return (
    <Stack spacing={2}>
      <Typography variant="h2">
        <FormattedMessage id="providers.panel.title" defaultMessage="Providers" />
      </Typography>
      {providers.isLoading ? (
        <LoadingState />
      ) : providers.error ? (
        <ErrorState error={providers.error} onRetry={providers.refetch} />
      ) : !providers.data?.length ? (
        <EmptyState title={intl.formatMessage({ id: 'providers.panel.empty', defaultMessage: 'No providers available' })} />
      ) : (
        <TableContainer>
          <Table size="small" aria-label={intl.formatMessage({ id: 'providers.panel.title', defaultMessage: 'Providers' })}>
            <TableHead>
              <TableRow>
                <TableCell>
                  <FormattedMessage id="providers.panel.provider" defaultMessage="Provider" />
                </TableCell>
                <TableCell>
                  <FormattedMessage id="providers.panel.configured" defaultMessage="Configured" />
                </TableCell>
                <TableCell>
                  <FormattedMessage id="providers.panel.status" defaultMessage="Status" />
                </TableCell>
                <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>
                  <FormattedMessage id="providers.panel.models" defaultMessage="Models" />
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {providers.data.map((p) => (
                <TableRow key={p.name}>
                  <TableCell>
                    <ProviderLabel name={p.name} label={p.label} isOffline={p.is_offline} />
                  </TableCell>
                  <TableCell>
                    {p.is_offline ? (
                      <FormattedMessage id="providers.panel.builtIn" defaultMessage="built in" />
                    ) : p.configured ? (
                      <FormattedMessage id="providers.panel.yes" defaultMessage="yes" />
                    ) : (
                      <FormattedMessage id="providers.panel.no" defaultMessage="no" />
                    )}
                  </TableCell>
                  <TableCell>
                    <StatusChip status={p.health} label={p.health in HEALTH_LABEL ? intl.formatMessage(HEALTH_LABEL[p.health as ProviderHealth]) : p.health} />
                  </TableCell>
                  <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{formatNumber(p.models.length)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}

      <Typography variant="h2">
        <FormattedMessage id="providers.credentials.title" defaultMessage="Provider credentials" />
      </Typography>
      {!canManage ? (
        <Alert severity="info">
          <FormattedMessage id="providers.credentials.adminsOnly" defaultMessage="Only admins and owners can manage provider credentials." />
        </Alert>
      ) : (
        <>
          <CredentialForm workspace={workspace} providers={(providers.data ?? []).filter((p) => !p.is_offline).map((p) => ({ name: p.name, label: p.label }))} />
          <FormError error={removeError} />
          {credentials.isLoading ? (
            <LoadingState />
          ) : credentials.error ? (
            <ErrorState error={credentials.error} onRetry={credentials.refetch} />
          ) : !credentials.data?.length ? (
            <EmptyState title={intl.formatMessage({ id: 'providers.credentials.empty', defaultMessage: 'No credentials stored' })}>
              <FormattedMessage id="providers.credentials.emptyHelp" defaultMessage="The server's environment keys are used when a workspace has none." />
            </EmptyState>
          ) : (
            <TableContainer>
              <Table size="small" aria-label={intl.formatMessage({ id: 'providers.credentials.title', defaultMessage: 'Provider credentials' })}>
                <TableHead>
                  <TableRow>
                    <TableCell>
                      <FormattedMessage id="providers.credentials.provider" defaultMessage="Provider" />
                    </TableCell>
                    <TableCell>
                      <FormattedMessage id="providers.credentials.key" defaultMessage="Key" />
                    </TableCell>
                    <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>
                      <FormattedMessage id="providers.credentials.baseUrlColumn" defaultMessage="Base URL" />
                    </TableCell>
                    <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>
                      <FormattedMessage id="providers.credentials.added" defaultMessage="Added" />
                    </TableCell>
                    <TableCell align="right">
                      <FormattedMessage id="providers.credentials.actions" defaultMessage="Actions" />
                    </TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {credentials.data.map((c) => (
                    <TableRow key={c.id}>
                      <TableCell>{c.provider}</TableCell>
                      <TableCell>
                        <code>
                          <FormattedMessage id="providers.credentials.last4" defaultMessage="…{last4}" values={{ last4: c.api_key_last4 }} />
                        </code>
                      </TableCell>
                      <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{c.base_url || <FormattedMessage id="providers.credentials.defaultBaseUrl" defaultMessage="provider's default" />}</TableCell>
                      <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{formatDateTime(c.created_at)}</TableCell>
                      <TableCell align="right">
                        <IconButton aria-label={intl.formatMessage({ id: 'providers.credentials.deleteOf', defaultMessage: 'Delete {provider} credential' }, { provider: c.provider })} onClick={() => setRemoving(c)}>
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
        title={intl.formatMessage({ id: 'providers.credentials.deleteTitle', defaultMessage: 'Delete credential?' })}
        danger
        confirmLabel={intl.formatMessage({ id: 'providers.credentials.delete', defaultMessage: 'Delete' })}
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
        <FormattedMessage id="providers.credentials.deleteBody" defaultMessage="Generations in this workspace will stop using this {provider} key." values={{ provider: removing?.provider }} />
      </ConfirmDialog>
    </Stack>
  );
}
