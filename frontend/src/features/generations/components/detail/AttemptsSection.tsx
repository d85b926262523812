import { Table, TableBody, TableCell, TableRow, Typography } from '@mui/material';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';

import { DataTable, SectionCard, type Column } from '../../../../components';
import { formatDateTime, formatMs } from '../../../../lib/format';
import { ProviderLabel } from '../../../providers';
import { providerModel, type Attempt, type Generation } from '../../types';

const TIMES = defineMessages({
  created: { id: 'generations.timing.created', defaultMessage: 'Created' },
  started: { id: 'generations.timing.started', defaultMessage: 'Started' },
  finished: { id: 'generations.timing.finished', defaultMessage: 'Finished' },
});

/** Every provider call in order (fallbacks included), then the timing. */
export function AttemptsSection({ generation: g }: { generation: Generation }) {
  const intl = useIntl();
  const columns: Column<Attempt & { number: number }>[] = [
    { key: 'number', header: <FormattedMessage id="generations.attempts.number" defaultMessage="#" />, cell: (a) => a.number },
    {
      key: 'model',
      header: <FormattedMessage id="generations.attempts.providerModel" defaultMessage="Provider / model" />,
      cell: (a) => <ProviderLabel name={a.provider} label={providerModel(a)} />,
    },
    {
      key: 'result',
      header: <FormattedMessage id="generations.attempts.result" defaultMessage="Result" />,
      sx: { wordBreak: 'break-word' },
      cell: (a) => (a.error ? <Typography color="error" variant="body2">{a.error}</Typography> : intl.formatMessage({ id: 'generations.attempts.ok', defaultMessage: 'ok' })),
    },
    { key: 'latency', header: <FormattedMessage id="generations.attempts.latency" defaultMessage="Latency" />, align: 'right', cell: (a) => formatMs(a.latency_ms) },
  ];
  return (
    <>
      <SectionCard title={<FormattedMessage id="generations.attempts.title" defaultMessage="Attempts" />}>
        {g.provider_chain?.length ? (
          <Typography variant="body2" color="text.secondary" gutterBottom>
            <FormattedMessage id="generations.attempts.chain" defaultMessage="Chain: {chain}" values={{ chain: g.provider_chain.join(' → ') }} />
          </Typography>
        ) : null}
        {!g.attempts?.length ? (
          <Typography color="text.secondary">
            {g.cache_hit ? (
              <FormattedMessage id="generations.attempts.fromCache" defaultMessage="Answered from the cache: no provider call." />
            ) : (
              <FormattedMessage id="generations.attempts.none" defaultMessage="No attempts recorded." />
            )}
          </Typography>
        ) : (
          <DataTable
            label={intl.formatMessage({ id: 'generations.attempts.table', defaultMessage: 'Attempts' })}
            columns={columns}
            rows={g.attempts.map((a, i) => ({ ...a, number: i + 1 }))}
            rowKey={(a) => a.number}
          />
        )}
      </SectionCard>
      <SectionCard title={<FormattedMessage id="generations.timing.title" defaultMessage="Timing" />}>
        <Table size="small" aria-label={intl.formatMessage({ id: 'generations.timing.table', defaultMessage: 'Timing' })}>
          <TableBody>
            {(
              [
                ['created', g.created_at],
                ['started', g.started_at],
                ['finished', g.finished_at],
              ] as const
            ).map(([key, value]) => (
              <TableRow key={key}>
                <TableCell>{intl.formatMessage(TIMES[key])}</TableCell>
                <TableCell>{formatDateTime(value)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </SectionCard>
    </>
  );
}
