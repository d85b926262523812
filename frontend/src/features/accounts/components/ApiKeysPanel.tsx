import { Button } from '@mui/material';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';

import { ConfirmItemDialog, FormError, MaskedSecret, Panel, QueryTable, StatusChip, type Column } from '../../../components';
import { useUrlState } from '../../../lib/useUrlState';
import { formatDateTime } from '../../../lib/format';
import { useApiAction, useConfirmItem } from '../../../lib/hooks';
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
  const list = useUrlState({});
  const isAdmin = can('admin');
  const keys = useListApiKeysQuery({ workspace: workspaceId ?? 0, page: list.page }, { skip: !workspaceId || !isAdmin });
  const [revoke] = useRevokeApiKeyMutation();
  const { error: revokeError, run } = useApiAction();
  const revoking = useConfirmItem((key: ApiKey) => void run(() => revoke({ workspace: workspaceId!, id: key.id }).unwrap()));

  const columns: Column<ApiKey>[] = [
    { key: 'name', header: intl.formatMessage({ id: 'accounts.apiKeys.name', defaultMessage: 'Name' }), cell: (key) => key.name },
    { key: 'prefix', header: intl.formatMessage({ id: 'accounts.apiKeys.prefix', defaultMessage: 'Prefix' }), cell: (key) => <MaskedSecret start={key.prefix} /> },
    { key: 'role', header: intl.formatMessage({ id: 'accounts.apiKeys.role', defaultMessage: 'Role' }), cell: (key) => roleLabel(key.role) },
    { key: 'last-used', header: intl.formatMessage({ id: 'accounts.apiKeys.lastUsed', defaultMessage: 'Last used' }), hideBelow: 'md', cell: (key) => formatDateTime(key.last_used_at) },
    {
      key: 'expires',
      header: intl.formatMessage({ id: 'accounts.apiKeys.expires', defaultMessage: 'Expires' }),
      hideBelow: 'md',
      cell: (key) => (key.expires_at ? formatDateTime(key.expires_at) : intl.formatMessage({ id: 'accounts.apiKeys.never', defaultMessage: 'never' })),
    },
    {
      key: 'status',
      header: intl.formatMessage({ id: 'accounts.apiKeys.status', defaultMessage: 'Status' }),
      cell: (key) => (
        <StatusChip
          status={key.is_active ? 'succeeded' : 'cancelled'}
          label={intl.formatMessage(key.is_active ? KEY_STATES.active : key.revoked_at ? KEY_STATES.revoked : KEY_STATES.expired)}
        />
      ),
    },
    {
      key: 'actions',
      header: intl.formatMessage({ id: 'accounts.apiKeys.actions', defaultMessage: 'Actions' }),
      align: 'right',
      cell: (key) =>
        key.is_active ? (
          <Button size="small" color="error" onClick={() => revoking.ask(key)}>
            <FormattedMessage id="accounts.apiKeys.revoke" defaultMessage="Revoke" />
          </Button>
        ) : null,
    },
  ];

  return (
    <Panel
      title={title}
      notice={isAdmin ? null : <FormattedMessage id="accounts.apiKeys.adminsOnly" defaultMessage="Only admins and owners can see and create API keys." />}
      refused={!isAdmin}
    >
      {workspaceId ? <CreateKeyForm workspace={workspaceId} /> : null}
      <FormError error={revokeError} />
      <QueryTable
        query={keys}
        label={title}
        columns={columns}
        list={list}
        empty={{
          title: intl.formatMessage({ id: 'accounts.apiKeys.empty', defaultMessage: 'No API keys' }),
          hint: <FormattedMessage id="accounts.apiKeys.emptyHelp" defaultMessage="Create one to call the API from scripts and other services." />,
        }}
      />
      <ConfirmItemDialog
        {...revoking.dialog}
        title={intl.formatMessage({ id: 'accounts.apiKeys.revokeTitle', defaultMessage: 'Revoke API key?' })}
        danger
        confirmLabel={intl.formatMessage({ id: 'accounts.apiKeys.revoke', defaultMessage: 'Revoke' })}
      >
        <FormattedMessage id="accounts.apiKeys.revokeBody" defaultMessage="Calls made with “{name}” will be refused from now on." values={{ name: revoking.item?.name }} />
      </ConfirmItemDialog>
    </Panel>
  );
}
