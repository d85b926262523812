import { Box, Stack } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';

import { PageHeader } from '../../../components';
import { useCurrentWorkspace } from '../../accounts';
import { NewBatchForm } from './NewBatchForm';
import { RecentBatches } from './RecentBatches';

export function BatchesPage() {
  const intl = useIntl();
  const { workspaceId, can } = useCurrentWorkspace();
  return (
    <Box>
      <PageHeader
        title={intl.formatMessage({ id: 'batches.page.title', defaultMessage: 'Batches' })}
        subtitle={intl.formatMessage({ id: 'batches.page.subtitle', defaultMessage: 'Run one template over every row of a CSV file.' })}
        notice={workspaceId && can('editor') ? null : <FormattedMessage id="batches.page.editorsOnly" defaultMessage="Editors and above can start batches." />}
      />
      <Stack spacing={2}>
        {workspaceId && can('editor') ? <NewBatchForm workspace={workspaceId} /> : null}
        {workspaceId ? <RecentBatches workspace={workspaceId} /> : null}
      </Stack>
    </Box>
  );
}
