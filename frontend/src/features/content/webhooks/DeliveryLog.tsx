import { Button, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';

import { ErrorState, LoadingState, StatusChip } from '../../../components';
import { toApiError, type ApiError } from '../../../lib/errors';
import { formatDateTime, formatMs } from '../../../lib/format';
import { useListDeliveriesQuery, useRedeliverMutation } from '../api';

/** A hook's latest deliveries: status code, latency, attempts, error; each can be sent again. */
export function DeliveryLog({ workspace, hook, onError }: { workspace: number; hook: number; onError: (error: ApiError | null) => void }) {
  const { data, error, isLoading, refetch } = useListDeliveriesQuery({ workspace, id: hook });
  const [redeliver, { isLoading: sending }] = useRedeliverMutation();
  if (isLoading) return <LoadingState />;
  if (error || !data) return <ErrorState error={error} onRetry={refetch} />;
  if (!data.results.length) return <Typography color="text.secondary">No deliveries yet.</Typography>;

  const resend = async (delivery: number) => {
    onError(null);
    try {
      await redeliver({ workspace, id: hook, delivery }).unwrap();
    } catch (err) {
      onError(toApiError(err));
    }
  };

  return (
    <TableContainer sx={{ overflowX: 'auto' }}>
      <Table size="small" aria-label="Deliveries">
        <TableHead>
          <TableRow>
            <TableCell>Event</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Code</TableCell>
            <TableCell>Latency</TableCell>
            <TableCell>Attempts</TableCell>
            <TableCell>Last attempt</TableCell>
            <TableCell>Error</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {data.results.map((d) => (
            <TableRow key={d.id}>
              <TableCell>{d.type}</TableCell>
              <TableCell>
                <StatusChip status={d.status} />
              </TableCell>
              <TableCell>{d.status_code ?? '—'}</TableCell>
              <TableCell>{formatMs(d.latency_ms)}</TableCell>
              <TableCell>{d.attempts}</TableCell>
              <TableCell>{formatDateTime(d.last_attempt_at)}</TableCell>
              <TableCell sx={{ maxWidth: 240, wordBreak: 'break-word' }}>{d.error || '—'}</TableCell>
              <TableCell>
                <Button size="small" disabled={sending} onClick={() => resend(d.id)}>
                  Redeliver
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
