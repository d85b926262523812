import DownloadIcon from '@mui/icons-material/Download';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { Link as RouterLink, useNavigate, useParams } from 'react-router';

import { CopyButton, ErrorState, FormError, LoadingState, PageHeader, StatusChip } from '../../../components';
import { saveText } from '../../../lib/download';
import { toApiError, type ApiError } from '../../../lib/errors';
import { formatDateTime, formatMs } from '../../../lib/format';
import { useCurrentWorkspace } from '../../accounts';
import { ProviderLabel } from '../../providers';
import { useCancelGenerationMutation, useGetGenerationQuery, useRetryGenerationMutation } from '../api';
import { FeedbackForm } from './FeedbackForm';
import { GenerationStats } from './GenerationStats';

const pre = {
  m: 0,
  p: 1,
  bgcolor: 'action.hover',
  borderRadius: 1,
  whiteSpace: 'pre-wrap',
  wordBreak: 'break-word',
  fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  fontSize: 13,
  maxHeight: 400,
  overflow: 'auto',
} as const;

export function GenerationDetailPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const { can } = useCurrentWorkspace();
  const [pending, setPending] = useState(true);
  const { data: g, error, isLoading, refetch } = useGetGenerationQuery(Number(id), { pollingInterval: pending ? 2000 : 0 });
  const [cancel, { isLoading: cancelling }] = useCancelGenerationMutation();
  const [retry, { isLoading: retrying }] = useRetryGenerationMutation();
  const [actionError, setActionError] = useState<ApiError | null>(null);

  const active = g ? g.status === 'queued' || g.status === 'running' : true;
  if (active !== pending) setPending(active);

  if (isLoading) return <LoadingState label="Loading generation…" />;
  if (error || !g) return <ErrorState error={error} title="Could not load this generation" onRetry={refetch} />;

  const errorText = g.error ? (typeof g.error === 'string' ? g.error : JSON.stringify(g.error, null, 2)) : null;
  return (
    <Box>
      <PageHeader
        title={`Generation #${g.id}`}
        subtitle={
          <>
            {g.template_name ? (
              <RouterLink to={`/templates/${g.template}`}>
                {g.template_name}
                {g.template_version ? ` v${g.template_version}` : ''}
              </RouterLink>
            ) : (
              'No template'
            )}{' '}
            · {formatDateTime(g.created_at)} · {g.mode}
          </>
        }
        actions={
          <>
            <StatusChip status={g.status} />
            {can('editor') && active ? (
              <Button
                color="warning"
                disabled={cancelling}
                onClick={async () => {
                  setActionError(null);
                  try {
                    await cancel(g.id).unwrap();
                  } catch (err) {
                    setActionError(toApiError(err));
                  }
                }}
              >
                Cancel
              </Button>
            ) : null}
            {can('editor') && (g.status === 'failed' || g.status === 'cancelled') ? (
              <Button
                disabled={retrying}
                onClick={async () => {
                  setActionError(null);
                  try {
                    const next = await retry(g.id).unwrap();
                    if (next?.id && next.id !== g.id) navigate(`/history/${next.id}`);
                  } catch (err) {
                    setActionError(toApiError(err));
                  }
                }}
              >
                Retry
              </Button>
            ) : null}
          </>
        }
      />
      <FormError error={actionError} />
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: 'minmax(0, 3fr) minmax(0, 2fr)' } }}>
        <Stack spacing={2}>
          <Card>
            <CardContent>
              <Stack spacing={1.5}>
                <Stack direction="row" useFlexGap sx={{ alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap' }}>
                  <Typography variant="h2">Output</Typography>
                  <Stack direction="row" spacing={1}>
                    <CopyButton text={g.output ?? ''} />
                    <Button size="small" startIcon={<DownloadIcon />} disabled={!g.output} onClick={() => saveText(g.output, `generation-${g.id}.txt`)}>
                      Download
                    </Button>
                  </Stack>
                </Stack>
                <GenerationStats generation={g} />
                {active ? <Alert severity="info">This generation is {g.status}; the page refreshes until it finishes.</Alert> : null}
                {errorText ? (
                  <Alert severity="error">
                    <Box component="pre" sx={{ m: 0, whiteSpace: 'pre-wrap' }}>
                      {errorText}
                    </Box>
                  </Alert>
                ) : null}
                {g.output ? (
                  <Box component="pre" sx={{ ...pre, fontFamily: 'inherit', fontSize: 15 }} data-testid="detail-output">
                    {g.output}
                  </Box>
                ) : !active && !errorText ? (
                  <Typography color="text.secondary">No output.</Typography>
                ) : null}
                {g.status === 'succeeded' ? <FeedbackForm id={g.id} rating={g.rating} feedback={g.feedback} /> : null}
              </Stack>
            </CardContent>
          </Card>
          <Card>
            <CardContent>
              <Stack spacing={1.5}>
                <Typography variant="h2">Prompt</Typography>
                {g.system_prompt ? (
                  <>
                    <Typography variant="subtitle2">System prompt</Typography>
                    <Box component="pre" sx={pre}>
                      {g.system_prompt}
                    </Box>
                  </>
                ) : null}
                <Typography variant="subtitle2">Rendered prompt</Typography>
                <Box component="pre" sx={pre}>
                  {g.rendered_prompt || '—'}
                </Box>
                <Typography variant="subtitle2">Variables</Typography>
                <Box component="pre" sx={pre}>
                  {JSON.stringify(g.variables ?? {}, null, 2)}
                </Box>
                {g.params && Object.keys(g.params).length ? (
                  <>
                    <Typography variant="subtitle2">Parameters</Typography>
                    <Box component="pre" sx={pre}>
                      {JSON.stringify(g.params, null, 2)}
                    </Box>
                  </>
                ) : null}
              </Stack>
            </CardContent>
          </Card>
        </Stack>
        <Stack spacing={2}>
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
                  <TableRow>
                    <TableCell>Provider</TableCell>
                    <TableCell>
                      <ProviderLabel name={g.provider} />
                    </TableCell>
                  </TableRow>
                  <TableRow>
                    <TableCell>Created</TableCell>
                    <TableCell>{formatDateTime(g.created_at)}</TableCell>
                  </TableRow>
                  <TableRow>
                    <TableCell>Started</TableCell>
                    <TableCell>{formatDateTime(g.started_at)}</TableCell>
                  </TableRow>
                  <TableRow>
                    <TableCell>Finished</TableCell>
                    <TableCell>{formatDateTime(g.finished_at)}</TableCell>
                  </TableRow>
                </TableBody>
              </Table>
            </CardContent>
          </Card>
        </Stack>
      </Box>
    </Box>
  );
}
