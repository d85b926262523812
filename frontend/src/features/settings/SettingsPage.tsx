import { Box, Card, CardContent, Tab, Tabs } from '@mui/material';
import { useIntl } from 'react-intl';
import { useSearchParams } from 'react-router';

import { PageHeader } from '../../components';
import { ApiKeysPanel, MembersPanel, useCurrentWorkspace, useRoleLabel } from '../accounts';
import { WebhooksPanel } from '../content';
import { ProvidersPanel } from '../providers';
import { WorkspacePanel } from './WorkspacePanel';

const TABS = ['workspace', 'members', 'api-keys', 'providers', 'webhooks'] as const;
type SettingsTab = (typeof TABS)[number];

export function SettingsPage() {
  const intl = useIntl();
  const roleLabel = useRoleLabel();
  const { workspaceId, membership, can } = useCurrentWorkspace();
  const [params, setParams] = useSearchParams();
  const tab: SettingsTab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as SettingsTab) : 'workspace';
  return (
    <Box>
      <PageHeader
        title={intl.formatMessage({ id: 'settings.title', defaultMessage: 'Settings' })}
        subtitle={
          membership
            ? intl.formatMessage({ id: 'settings.subtitle', defaultMessage: '{workspace} · you are {role}' }, { workspace: membership.workspace.name, role: roleLabel(membership.role) })
            : undefined
        }
      />
      <Tabs value={tab} onChange={(_e, v: SettingsTab) => setParams({ tab: v })} variant="scrollable" aria-label={intl.formatMessage({ id: 'settings.sections', defaultMessage: 'Settings sections' })} sx={{ mb: 2 }}>
        <Tab value="workspace" label={intl.formatMessage({ id: 'settings.tab.workspace', defaultMessage: 'Workspace' })} />
        <Tab value="members" label={intl.formatMessage({ id: 'settings.tab.members', defaultMessage: 'Members' })} />
        <Tab value="api-keys" label={intl.formatMessage({ id: 'settings.tab.apiKeys', defaultMessage: 'API keys' })} />
        <Tab value="providers" label={intl.formatMessage({ id: 'settings.tab.providers', defaultMessage: 'Providers' })} />
        <Tab value="webhooks" label={intl.formatMessage({ id: 'settings.tab.webhooks', defaultMessage: 'Webhooks' })} />
      </Tabs>
      <Card>
        <CardContent>
          {tab === 'workspace' && workspaceId ? <WorkspacePanel workspace={workspaceId} canManage={can('admin')} /> : null}
          {tab === 'members' ? <MembersPanel /> : null}
          {tab === 'api-keys' ? <ApiKeysPanel /> : null}
          {tab === 'providers' && workspaceId ? <ProvidersPanel workspace={workspaceId} canManage={can('admin')} /> : null}
          {tab === 'webhooks' && workspaceId ? <WebhooksPanel workspace={workspaceId} canManage={can('admin')} /> : null}
        </CardContent>
      </Card>
    </Box>
  );
}
