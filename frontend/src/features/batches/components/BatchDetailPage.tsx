import DownloadIcon from '@mui/icons-material/Download';
import { Box, Button, Card, CardContent, Chip, Link, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link as RouterLink, useParams } from 'react-router';

import { useAppDispatch } from '../../../app/hooks';
import { EmptyState, ErrorState, FormError, LoadingState, PageHeader, ProgressSummary, StatusChip } from '../../../components';
import { downloadFromApi } from '../../../lib/download';
import { isNotFound } from '../../../lib/errors';
import { formatCost, formatDuration, formatNumber, NO_VALUE } from '../../../lib/format';
import { useApiAction } from '../../../lib/hooks';
import { useCurrentWorkspace } from '../../accounts';
import { SaveBatchAsContent } from '../../content';
import { VersionRun } from '../../releases';
import { useCancelBatchMutation, useGetBatchQuery, useRetryFailedMutation } from '../api';
import { FINISHED } from '../types';
import { BatchRowsTable } from './BatchRowsTable';
import { RowErrors } from './RowErrors';

/** File formats go by their own names in every language. */
const EXPORT_FORMATS = { csv: 'CSV', jsonl: 'JSONL' } as const;

export function BatchDetailPage() {
  const intl = useIntl();
  const { id } = useParams();
  const dispatch = useAppDispatch();
  const { can } = useCurrentWorkspace();
  const [live, setLive] = useState(true);
  const { data: b, error, isLoading, refetch } = useGetBatchQuery(Number(id), { pollingInterval: live ? 2000 : 0 });
  const [cancel, { isLoading: cancelling }] = useCancelBatchMutation();
  const [retryFailed, { isLoading: retrying }] = useRetryFailedMutation();
  const { error: actionError, setError: setActionError, run: act } = useApiAction();

  const finished = b ? FINISHED.includes(b.status) && !b.running && !b.queued : false;
  if (b && live === finished) setLive(!finished);

  if (isLoading) return <LoadingState label={intl.formatMessage({ id: 'batches.detail.loading', defaultMessage: 'Loading batch…' })} />;
  if (error || !b) {
    return isNotFound(error) ? (
      <EmptyState title={intl.formatMessage({ id: 'batches.detail.notFound', defaultMessage: 'Batch not found' })}>
        <FormattedMessage id="batches.detail.notFoundHelp" defaultMessage="It does not exist, or batches are not available on this server yet." />
      </EmptyState>
    ) : (
      <ErrorState error={error} title={intl.formatMessage({ id: 'batches.detail.loadFailed', defaultMessage: 'Could not load this batch' })} onRetry={refetch} />
    );
  }

  const done = b.succeeded + b.failed + b.cancelled;
  const percent = b.total ? Math.round((done / b.total) * 100) : 0;
  const download = async (format: 'csv' | 'jsonl') => {
    setActionError(await dispatch(downloadFromApi(`batches/${b.id}/results/?format=${format}`, `batch-${b.id}.${format}`)));
  };

  return (
    <Box>
      <PageHeader
        title={intl.formatMessage({ id: 'batches.detail.title', defaultMessage: 'Batch #{id}' }, { id: b.id })}
        subtitle={b.template_name ?? undefined}
        actions={
          <>
            <Box component="span" role="status" aria-label={intl.formatMessage({ id: 'batches.detail.status', defaultMessage: 'Batch status' })}>
              <StatusChip status={b.status} />
            </Box>
            <VersionRun version={b.template_version} label={b.label} />
            {/* Once cancelled the batch only waits for its running rows: nothing left to cancel. */}
            {can('editor') && !FINISHED.includes(b.status) ? (
              <Button color="warning" disabled={cancelling} onClick={() => act(() => cancel(b.id).unwrap())}>
                <FormattedMessage id="batches.detail.cancel" defaultMessage="Cancel" />
              </Button>
            ) : null}
            {can('editor') && finished && b.failed > 0 ? (
              <Button disabled={retrying} onClick={() => act(() => retryFailed(b.id).unwrap().then(() => setLive(true)))}>
                <FormattedMessage id="batches.detail.retryFailed" defaultMessage="Retry failed" />
              </Button>
            ) : null}
            <SaveBatchAsContent batch={b.id} finished={finished && b.succeeded > 0} project={b.project?.id} />
            <Button startIcon={<DownloadIcon />} onClick={() => download('csv')} disabled={!finished}>
              {EXPORT_FORMATS.csv}
            </Button>
            <Button startIcon={<DownloadIcon />} onClick={() => download('jsonl')} disabled={!finished}>
              {EXPORT_FORMATS.jsonl}
            </Button>
          </>
        }
      />
      <FormError error={actionError} />
      <Card sx={{ mt: 1 }}>
        <CardContent>
          <Stack spacing={2}>
            <ProgressSummary
              done={<FormattedMessage id="batches.detail.rowsDone" defaultMessage="{done} of {total, plural, one {# row} other {# rows}}" values={{ done: formatNumber(done), total: b.total }} />}
              ratio={percent / 100}
              digits={0}
              label={intl.formatMessage({ id: 'batches.detail.progress', defaultMessage: 'Batch progress' })}
            />
            <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
              <Chip color="success" variant="outlined" label={intl.formatMessage({ id: 'batches.detail.succeeded', defaultMessage: '{count} succeeded' }, { count: formatNumber(b.succeeded) })} />
              <Chip color="error" variant="outlined" label={intl.formatMessage({ id: 'batches.detail.failed', defaultMessage: '{count} failed' }, { count: formatNumber(b.failed) })} />
              <Chip variant="outlined" label={intl.formatMessage({ id: 'batches.detail.cancelled', defaultMessage: '{count} cancelled' }, { count: formatNumber(b.cancelled) })} />
              <Chip color="info" variant="outlined" label={intl.formatMessage({ id: 'batches.detail.running', defaultMessage: '{count} running' }, { count: formatNumber(b.running) })} />
              <Chip color="warning" variant="outlined" label={intl.formatMessage({ id: 'batches.detail.queued', defaultMessage: '{count} queued' }, { count: formatNumber(b.queued) })} />
            </Stack>
            <Stack direction="row" spacing={3} useFlexGap sx={{ flexWrap: 'wrap' }}>
              <Typography>
                <FormattedMessage
                  id="batches.detail.throughput"
                  defaultMessage="Throughput: {rate}"
                  values={{
                    rate: b.throughput
                      ? intl.formatMessage({ id: 'batches.detail.rowsPerSecond', defaultMessage: '{rate} rows/s' }, { rate: formatNumber(b.throughput, 1) })
                      : NO_VALUE,
                  }}
                />
              </Typography>
              <Typography>
                <FormattedMessage
                  id="batches.detail.eta"
                  defaultMessage="ETA: {eta}"
                  values={{ eta: finished ? intl.formatMessage({ id: 'batches.detail.finished', defaultMessage: 'finished' }) : formatDuration(b.eta_seconds) }}
                />
              </Typography>
              <Typography>
                <FormattedMessage id="batches.detail.costSoFar" defaultMessage="Cost so far: {cost}" values={{ cost: formatCost(b.cost) }} />
              </Typography>
              {b.project ? (
                <Typography>
                  <FormattedMessage
                    id="batches.detail.project"
                    defaultMessage="Project: {project}"
                    values={{
                      project: (
                        <Link component={RouterLink} to={`/content/projects/${b.project.id}`}>
                          {b.project.name}
                        </Link>
                      ),
                    }}
                  />
                </Typography>
              ) : null}
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
