import { Box, Card, CardContent, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';

import { formatDateTime, formatMs } from '../../../../lib/format';
import { ProviderLabel } from '../../../providers';
import type { Generation } from '../../types';

/** Every provider call in order (fallbacks included), then the timing. */
export function AttemptsSection({ generation: g }: { generation: Generation }) {
  return (
    <>
      <Card>
        <CardContent>
          <Typography variant="h2" gutterBottom>
            Attempts
          </Typography>
          {g.provider_chain?.length ? (
            <Typography variant="body2" color="text.secondary" gutterBottom>
              Chain: {g.provider_chain.join(' → ')}
            </Typography>
          ) : null}
          {!g.attempts?.length ? (
            <Typography color="text.secondary">{g.cache_hit ? 'Answered from the cache: no provider call.' : 'No attempts recorded.'}</Typography>
          ) : (
            <Box sx={{ overflowX: 'auto' }}>
              <Table size="small" aria-label="Attempts">
                <TableHead>
                  <TableRow>
                    <TableCell>#</TableCell>
                    <TableCell>Provider / model</TableCell>
                    <TableCell>Result</TableCell>
                    <TableCell align="right">Latency</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {g.attempts.map((a, i) => (
                    <TableRow key={i}>
                      <TableCell>{i + 1}</TableCell>
                      <TableCell>
                        <ProviderLabel name={a.provider} label={`${a.provider} / ${a.model}`} />
                      </TableCell>
                      <TableCell sx={{ wordBreak: 'break-word' }}>{a.error ? <Typography color="error" variant="body2">{a.error}</Typography> : 'ok'}</TableCell>
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
            Timing
          </Typography>
          <Table size="small" aria-label="Timing">
            <TableBody>
              {[
                ['Created', g.created_at],
                ['Started', g.started_at],
                ['Finished', g.finished_at],
              ].map(([label, value]) => (
                <TableRow key={label}>
                  <TableCell>{label}</TableCell>
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
