import { Box, Card, CardContent, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';

import { formatDateTime, formatMs } from '../../../../lib/format';
import { ProviderLabel } from '../../../providers';
import { providerModel, type Generation } from '../../types';

const TIMES = defineMessages({
  created: { id: 'generations.timing.created', defaultMessage: 'Created' },
  started: { id: 'generations.timing.started', defaultMessage: 'Started' },
  finished: { id: 'generations.timing.finished', defaultMessage: 'Finished' },
});

/** Every provider call in order (fallbacks included), then the timing. */
export function AttemptsSection({ generation: g }: { generation: Generation }) {
  const intl = useIntl();
  return (
    <>
      <Card>
        <CardContent>
          <Typography variant="h2" gutterBottom>
            <FormattedMessage id="generations.attempts.title" defaultMessage="Attempts" />
          </Typography>
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
            <Box sx={{ overflowX: 'auto' }}>
              <Table size="small" aria-label={intl.formatMessage({ id: 'generations.attempts.table', defaultMessage: 'Attempts' })}>
                <TableHead>
                  <TableRow>
                    <TableCell>
                      <FormattedMessage id="generations.attempts.number" defaultMessage="#" />
                    </TableCell>
                    <TableCell>
                      <FormattedMessage id="generations.attempts.providerModel" defaultMessage="Provider / model" />
                    </TableCell>
                    <TableCell>
                      <FormattedMessage id="generations.attempts.result" defaultMessage="Result" />
                    </TableCell>
                    <TableCell align="right">
                      <FormattedMessage id="generations.attempts.latency" defaultMessage="Latency" />
                    </TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {g.attempts.map((a, i) => (
                    <TableRow key={i}>
                      <TableCell>{i + 1}</TableCell>
                      <TableCell>
                        <ProviderLabel name={a.provider} label={providerModel(a)} />
                      </TableCell>
                      <TableCell sx={{ wordBreak: 'break-word' }}>{a.error ? <Typography color="error" variant="body2">{a.error}</Typography> : intl.formatMessage({ id: 'generations.attempts.ok', defaultMessage: 'ok' })}</TableCell>
                      <TableCell align="right">{formatMs(a.latency_ms)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Box>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardContent>
          <Typography variant="h2" gutterBottom>
            <FormattedMessage id="generations.timing.title" defaultMessage="Timing" />
          </Typography>
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
        </CardContent>
      </Card>
    </>
  );
}
