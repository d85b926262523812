import DownloadIcon from '@mui/icons-material/Download';
import { Box, Button, Card, CardContent, Chip, LinearProgress, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { useParams } from 'react-router';

import { useAppDispatch } from '../../../app/hooks';
import { EmptyState, ErrorState, FormError, LoadingState, PageHeader, StatusChip } from '../../../components';
import { downloadFromApi } from '../../../lib/download';
import { isNotFound, toApiError, type ApiError } from '../../../lib/errors';
import { formatCost, formatDuration, formatNumber } from '../../../lib/format';
import { useCurrentWorkspace } from '../../accounts';
import { SaveBatchAsContent } from '../../content';
import { VersionRun } from '../../releases';
import { useCancelBatchMutation, useGetBatchQuery, useRetryFailedMutation } from '../api';
import { FINISHED } from '../types';
import { BatchRowsTable } from './BatchRowsTable';
import { RowErrors } from './RowErrors';

export function BatchDetailPage() {
  const { id } = useParams();
  const dispatch = useAppDispatch();
  const { can } = useCurrentWorkspace();
  const [live, setLive] = useState(true);
  const { data: b, error, isLoading, refetch } = useGetBatchQuery(Number(id), { pollingInterval: live ? 2000 : 0 });
  const [cancel, { isLoading: cancelling }] = useCancelBatchMutation();
  const [retryFailed, { isLoading: retrying }] = useRetryFailedMutation();
  const [actionError, setActionError] = useState<ApiError | null>(null);

  const finished = b ? FINISHED.includes(b.status) && !b.running && !b.queued : false;
  if (b && live === finished) setLive(!finished);

  if (isLoading) return <LoadingState label="Loading batch…" />;
  if (error || !b) {
    return isNotFound(error) ? (
      <EmptyState title="Batch not found">It does not exist, or batches are not available on this server yet.</EmptyState>
    ) : (
      <ErrorState error={error} title="Could not load this batch" onRetry={refetch} />
    );
  }

  const done = b.succeeded + b.failed + b.cancelled;
  const percent = b.total ? Math.round((done / b.total) * 100) : 0;
  const act = async (action: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await action();
    } catch (err) {
      setActionError(toApiError(err));
    }
  };
  const download = async (format: 'csv' | 'jsonl') => {
    setActionError(await dispatch(downloadFromApi(`batches/${b.id}/results/?format=${format}`, `batch-${b.id}.${format}`)));
  };

  return (
    <Box>
      <PageHeader
        title={`Batch #${b.id}`}
        subtitle={b.template_name ?? undefined}
        actions={
          <>
            <Box component="span" role="status" aria-label="Batch status">
              <StatusChip status={b.status} />
            </Box>
            <VersionRun version={b.template_version} label={b.label} />
            {/* Once cancelled the batch only waits for its running rows: nothing left to cancel. */}
            {can('editor') && !FINISHED.includes(b.status) ? (
              <Button color="warning" disabled={cancelling} onClick={() => act(() => cancel(b.id).unwrap())}>
                Cancel
              </Button>
            ) : null}
            {can('editor') && finished && b.failed > 0 ? (
              <Button disabled={retrying} onClick={() => act(() => retryFailed(b.id).unwrap().then(() => setLive(true)))}>
                Retry failed
              </Button>
            ) : null}
            <SaveBatchAsContent batch={b.id} finished={finished && b.succeeded > 0} />
            <Button startIcon={<DownloadIcon />} onClick={() => download('csv')} disabled={!finished}>
              CSV
            </Button>
            <Button startIcon={<DownloadIcon />} onClick={() => download('jsonl')} disabled={!finished}>
              JSONL
            </Button>
          </>
        }
      />
      <FormError error={actionError} />
      <Card sx={{ mt: 1 }}>
        <CardContent>
          <Stack spacing={2}>
            <Box>
              <Stack direction="row" sx={{ justifyContent: 'space-between' }}>
                <Typography>
                  {formatNumber(done)} of {formatNumber(b.total)} rows
                </Typography>
                <Typography>{percent}%</Typography>
              </Stack>
              <LinearProgress variant="determinate" value={percent} aria-label="Batch progress" sx={{ height: 10, borderRadius: 5, mt: 1 }} />
            </Box>
            <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
              <Chip color="success" variant="outlined" label={`${b.succeeded} succeeded`} />
              <Chip color="error" variant="outlined" label={`${b.failed} failed`} />
              <Chip variant="outlined" label={`${b.cancelled} cancelled`} />
              <Chip color="info" variant="outlined" label={`${b.running} running`} />
              <Chip color="warning" variant="outlined" label={`${b.queued} queued`} />
            </Stack>
            <Stack direction="row" spacing={3} useFlexGap sx={{ flexWrap: 'wrap' }}>
              <Typography>Throughput: {b.throughput ? `${b.throughput.toFixed(1)} rows/s` : '—'}</Typography>
              <Typography>ETA: {finished ? 'finished' : formatDuration(b.eta_seconds)}</Typography>
              <Typography>Cost so far: {formatCost(b.cost)}</Typography>
            </Stack>
            <RowErrors errors={b.errors ?? []} />
          </Stack>
        </CardContent>
      </Card>
      <Card sx={{ mt: 2 }}>
        <CardContent>
          <BatchRowsTable batch={b.id} progress={[b.status, b.succeeded, b.failed, b.cancelled, b.running, b.queued].join(' ')} />
        </CardContent>
      </Card>
    </Box>
  );
}
