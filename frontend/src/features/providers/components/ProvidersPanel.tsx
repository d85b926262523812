import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlineOutlined';
import { IconButton, Stack } from '@mui/material';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';

import { ConfirmItemDialog, FormError, MaskedSecret, Panel, QueryTable, StatusChip, type Column } from '../../../components';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { useApiAction, useConfirmItem } from '../../../lib/hooks';
import { useDeleteCredentialMutation, useListCredentialsQuery, useListProvidersQuery } from '../api';
import type { Provider, ProviderCredential, ProviderHealth } from '../types';
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
  const title = intl.formatMessage({ id: 'providers.panel.title', defaultMessage: 'Providers' });
  const credentialsTitle = intl.formatMessage({ id: 'providers.credentials.title', defaultMessage: 'Provider credentials' });
  const providers = useListProvidersQuery({ workspace });
  const credentials = useListCredentialsQuery({ workspace }, { skip: !canManage });
  const [remove] = useDeleteCredentialMutation();
  const { error: removeError, run } = useApiAction();
  const removing = useConfirmItem((credential: ProviderCredential) => void run(() => remove({ id: credential.id }).unwrap()));

  const providerColumns: Column<Provider>[] = [
    {
      key: 'provider',
      header: intl.formatMessage({ id: 'providers.panel.provider', defaultMessage: 'Provider' }),
      cell: (p) => <ProviderLabel name={p.name} label={p.label} isOffline={p.is_offline} />,
    },
    {
      key: 'configured',
      header: intl.formatMessage({ id: 'providers.panel.configured', defaultMessage: 'Configured' }),
      cell: (p) =>
        p.is_offline ? (
          <FormattedMessage id="providers.panel.builtIn" defaultMessage="built in" />
        ) : p.configured ? (
          <FormattedMessage id="providers.panel.yes" defaultMessage="yes" />
        ) : (
          <FormattedMessage id="providers.panel.no" defaultMessage="no" />
        ),
    },
    {
      key: 'status',
      header: intl.formatMessage({ id: 'providers.panel.status', defaultMessage: 'Status' }),
      cell: (p) => <StatusChip status={p.health} label={p.health in HEALTH_LABEL ? intl.formatMessage(HEALTH_LABEL[p.health as ProviderHealth]) : p.health} />,
    },
    { key: 'models', header: intl.formatMessage({ id: 'providers.panel.models', defaultMessage: 'Models' }), hideBelow: 'sm', cell: (p) => formatNumber(p.models.length) },
  ];

  const credentialColumns: Column<ProviderCredential>[] = [
    { key: 'provider', header: intl.formatMessage({ id: 'providers.credentials.provider', defaultMessage: 'Provider' }), cell: (c) => c.provider },
    { key: 'key', header: intl.formatMessage({ id: 'providers.credentials.key', defaultMessage: 'Key' }), cell: (c) => <MaskedSecret end={c.api_key_last4} /> },
    {
      key: 'base-url',
      header: intl.formatMessage({ id: 'providers.credentials.baseUrlColumn', defaultMessage: 'Base URL' }),
      hideBelow: 'sm',
      cell: (c) => c.base_url || <FormattedMessage id="providers.credentials.defaultBaseUrl" defaultMessage="provider's default" />,
    },
    { key: 'added', header: intl.formatMessage({ id: 'providers.credentials.added', defaultMessage: 'Added' }), hideBelow: 'sm', cell: (c) => formatDateTime(c.created_at) },
    {
      key: 'actions',
      header: intl.formatMessage({ id: 'providers.credentials.actions', defaultMessage: 'Actions' }),
      align: 'right',
      cell: (c) => (
        <IconButton
          aria-label={intl.formatMessage({ id: 'providers.credentials.deleteOf', defaultMessage: 'Delete {provider} credential' }, { provider: c.provider })}
          onClick={() => removing.ask(c)}
        >
          <DeleteOutlineIcon />
        </IconButton>
      ),
    },
  ];

  return (
    <Stack spacing={2}>
      <Panel title={title}>
        <QueryTable
          query={providers}
          label={title}
          columns={providerColumns}
          rowKey={(p) => p.name}
          empty={{ title: intl.formatMessage({ id: 'providers.panel.empty', defaultMessage: 'No providers available' }) }}
        />
      </Panel>
      <Panel
        title={credentialsTitle}
        notice={canManage ? null : <FormattedMessage id="providers.credentials.adminsOnly" defaultMessage="Only admins and owners can manage provider credentials." />}
        refused={!canManage}
      >
        <CredentialForm workspace={workspace} providers={(providers.data ?? []).filter((p) => !p.is_offline).map((p) => ({ name: p.name, label: p.label }))} />
        <FormError error={removeError} />
        <QueryTable
          query={credentials}
          label={credentialsTitle}
          columns={credentialColumns}
          empty={{
            title: intl.formatMessage({ id: 'providers.credentials.empty', defaultMessage: 'No credentials stored' }),
            hint: <FormattedMessage id="providers.credentials.emptyHelp" defaultMessage="The server's environment keys are used when a workspace has none." />,
          }}
        />
      </Panel>
      <ConfirmItemDialog
        {...removing.dialog}
        title={intl.formatMessage({ id: 'providers.credentials.deleteTitle', defaultMessage: 'Delete credential?' })}
        danger
        confirmLabel={intl.formatMessage({ id: 'providers.credentials.delete', defaultMessage: 'Delete' })}
      >
        <FormattedMessage id="providers.credentials.deleteBody" defaultMessage="Generations in this workspace will stop using this {provider} key." values={{ provider: removing.item?.provider }} />
      </ConfirmItemDialog>
    </Stack>
  );
}
