import { Alert, Box, Stack } from '@mui/material';

import { PageHeader } from '../../../components';
import { useCurrentWorkspace } from '../../accounts';
import { NewBatchForm } from './NewBatchForm';
import { RecentBatches } from './RecentBatches';

export function BatchesPage() {
  const { workspaceId, can } = useCurrentWorkspace();
  return (
    <Box>
      <PageHeader title="Batches" subtitle="Run one template over every row of a CSV file." />
      <Stack spacing={2}>
        {workspaceId && can('editor') ? <NewBatchForm workspace={workspaceId} /> : <Alert severity="info">Editors and above can start batches.</Alert>}
        {workspaceId ? <RecentBatches workspace={workspaceId} /> : null}
      </Stack>
    </Box>
  );
}
