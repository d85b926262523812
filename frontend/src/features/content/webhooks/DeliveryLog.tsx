import { Button, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';

import { ErrorState, LoadingState, StatusChip } from '../../../components';
import { toApiError, type ApiError } from '../../../lib/errors';
import { formatDateTime, formatMs, NO_VALUE } from '../../../lib/format';
import { useListDeliveriesQuery, useRedeliverMutation } from '../api';

/** A hook's latest deliveries: status code, latency, attempts, error; each can be sent again. */
export function DeliveryLog({ workspace, hook, onError }: { workspace: number; hook: number; onError: (error: ApiError | null) => void }) {
  const intl = useIntl();
  const { data, error, isLoading, refetch } = useListDeliveriesQuery({ workspace, id: hook });
  const [redeliver, { isLoading: sending }] = useRedeliverMutation();
  if (isLoading) return <LoadingState />;
  if (error || !data) return <ErrorState error={error} onRetry={refetch} />;
  if (!data.results.length) return (
      <Typography color="text.secondary">
        <FormattedMessage id="content.deliveries.empty" defaultMessage="No deliveries yet." />
      </Typography>
    );

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
      <Table size="small" aria-label={intl.formatMessage({ id: 'content.deliveries.table', defaultMessage: 'Deliveries' })}>
        <TableHead>
          <TableRow>
            <TableCell>
              <FormattedMessage id="content.deliveries.event" defaultMessage="Event" />
            </TableCell>
            <TableCell>
              <FormattedMessage id="content.deliveries.status" defaultMessage="Status" />
            </TableCell>
            <TableCell>
              <FormattedMessage id="content.deliveries.code" defaultMessage="Code" />
            </TableCell>
            <TableCell>
              <FormattedMessage id="content.deliveries.latency" defaultMessage="Latency" />
            </TableCell>
            <TableCell>
              <FormattedMessage id="content.deliveries.attempts" defaultMessage="Attempts" />
            </TableCell>
            <TableCell>
              <FormattedMessage id="content.deliveries.lastAttempt" defaultMessage="Last attempt" />
            </TableCell>
            <TableCell>
              <FormattedMessage id="content.deliveries.error" defaultMessage="Error" />
            </TableCell>
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
              <TableCell>{d.status_code ?? NO_VALUE}</TableCell>
              <TableCell>{formatMs(d.latency_ms)}</TableCell>
              <TableCell>{d.attempts}</TableCell>
              <TableCell>{formatDateTime(d.last_attempt_at)}</TableCell>
              <TableCell sx={{ maxWidth: 240, wordBreak: 'break-word' }}>{d.error || NO_VALUE}</TableCell>
              <TableCell>
                <Button size="small" disabled={sending} onClick={() => resend(d.id)}>
                  <FormattedMessage id="content.deliveries.redeliver" defaultMessage="Redeliver" />
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
