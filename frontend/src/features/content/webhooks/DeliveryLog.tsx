import { Button, Typography } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';

import { QueryTable, StatusChip, type Column } from '../../../components';
import type { ApiError } from '../../../lib/errors';
import { formatDateTime, formatMs, NO_VALUE } from '../../../lib/format';
import { useApiAction, usePage } from '../../../lib/hooks';
import { useListDeliveriesQuery, useRedeliverMutation } from '../api';
import type { WebhookDelivery } from '../types';

/** A hook's deliveries, newest first, a page at a time: status code, latency, attempts, error; each can be sent again. */
export function DeliveryLog({ workspace, hook, onError }: { workspace: number; hook: number; onError: (error: ApiError | null) => void }) {
  const intl = useIntl();
  const list = usePage(hook);
  const deliveries = useListDeliveriesQuery({ workspace, id: hook, page: list.page });
  const [redeliver, { isLoading: sending }] = useRedeliverMutation();

  const { run } = useApiAction(onError);
  const resend = (delivery: number) => run(() => redeliver({ workspace, id: hook, delivery }).unwrap());

  const columns: Column<WebhookDelivery>[] = [
    { key: 'event', header: <FormattedMessage id="content.deliveries.event" defaultMessage="Event" />, cell: (d) => d.type },
    { key: 'status', header: <FormattedMessage id="content.deliveries.status" defaultMessage="Status" />, cell: (d) => <StatusChip status={d.status} /> },
    { key: 'code', header: <FormattedMessage id="content.deliveries.code" defaultMessage="Code" />, cell: (d) => d.status_code ?? NO_VALUE },
    { key: 'latency', header: <FormattedMessage id="content.deliveries.latency" defaultMessage="Latency" />, cell: (d) => formatMs(d.latency_ms) },
    { key: 'attempts', header: <FormattedMessage id="content.deliveries.attempts" defaultMessage="Attempts" />, cell: (d) => d.attempts },
    { key: 'last', header: <FormattedMessage id="content.deliveries.lastAttempt" defaultMessage="Last attempt" />, cell: (d) => formatDateTime(d.last_attempt_at) },
    { key: 'error', header: <FormattedMessage id="content.deliveries.error" defaultMessage="Error" />, sx: { maxWidth: 240, wordBreak: 'break-word' }, cell: (d) => d.error || NO_VALUE },
    {
      key: 'redeliver',
      header: null,
      cell: (d) => (
        <Button size="small" disabled={sending} onClick={() => resend(d.id)}>
          <FormattedMessage id="content.deliveries.redeliver" defaultMessage="Redeliver" />
        </Button>
      ),
    },
  ];

  return (
    <QueryTable
      query={deliveries}
      label={intl.formatMessage({ id: 'content.deliveries.table', defaultMessage: 'Deliveries' })}
      columns={columns}
      list={list}
      empty={
        <Typography color="text.secondary">
          <FormattedMessage id="content.deliveries.empty" defaultMessage="No deliveries yet." />
        </Typography>
      }
    />
  );
}
