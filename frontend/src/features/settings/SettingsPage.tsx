import { Box, Card, CardContent, Tab, Tabs } from '@mui/material';
import { useSearchParams } from 'react-router';

import { PageHeader } from '../../components';
import { ApiKeysPanel, MembersPanel, useCurrentWorkspace } from '../accounts';
import { WebhooksPanel } from '../content';
import { ProvidersPanel } from '../providers';
import { WorkspacePanel } from './WorkspacePanel';

const TABS = ['workspace', 'members', 'api-keys', 'providers', 'webhooks'] as const;
type SettingsTab = (typeof TABS)[number];

export function SettingsPage() {
  const { workspaceId, membership, can } = useCurrentWorkspace();
  const [params, setParams] = useSearchParams();
  const tab: SettingsTab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as SettingsTab) : 'workspace';
  return (
    <Box>
      <PageHeader title="Settings" subtitle={membership ? `${membership.workspace.name} · you are ${membership.role}` : undefined} />
      <Tabs value={tab} onChange={(_e, v: SettingsTab) => setParams({ tab: v })} variant="scrollable" aria-label="Settings sections" sx={{ mb: 2 }}>
        <Tab value="workspace" label="Workspace" />
        <Tab value="members" label="Members" />
        <Tab value="api-keys" label="API keys" />
        <Tab value="providers" label="Providers" />
        <Tab value="webhooks" label="Webhooks" />
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
