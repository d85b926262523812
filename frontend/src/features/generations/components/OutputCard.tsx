import DownloadIcon from '@mui/icons-material/Download';
import { Alert, Button, Card, CardContent, LinearProgress, Stack, Typography } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router';

import { MarkdownOutput, StatusChip } from '../../../components';
import { saveText } from '../../../lib/download';
import type { GenerateRun } from '../useGenerateRun';
import { FallbackNotice } from './FallbackNotice';
import { FeedbackForm } from './FeedbackForm';
import { GenerationStats } from './GenerationStats';

function statusOf(run: GenerateRun): string | null {
  const { stream, generation, waiting } = run;
  if (waiting) return 'running';
  if (generation) return generation.status;
  if (stream.status === 'idle') return null;
  return stream.status === 'error' ? 'failed' : stream.status === 'stopped' ? 'cancelled' : 'running';
}

/** The Generate page's answer: the text as it arrives (or when done), its figures and rating. */
export function OutputCard({ run }: { run: GenerateRun }) {
  const intl = useIntl();
  const { stream, text, generation } = run;
  const id = generation?.id ?? stream.id;
  const status = statusOf(run);
  const fatal = run.error && !Object.keys(run.error.fields).length && run.error.code !== 'provider_not_configured' ? run.error : null;
  return (
    <Card sx={{ minWidth: 0 }}>
      <CardContent>
        <Stack spacing={2}>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Typography variant="h2">
              <FormattedMessage id="generations.output.title" defaultMessage="Output" />
            </Typography>
            {status ? (
              <StatusChip
                status={status}
                label={stream.status === 'connecting' ? intl.formatMessage({ id: 'generations.output.starting', defaultMessage: 'starting' }) : undefined}
              />
            ) : null}
          </Stack>
          {run.busy ? <LinearProgress aria-label={intl.formatMessage({ id: 'generations.output.generating', defaultMessage: 'Generating' })} /> : null}
          {fatal ? (
            <Alert severity="error" role="alert">
              {fatal.message}
            </Alert>
          ) : null}
          {stream.status === 'stopped' ? (
            <Alert severity="info">
              <FormattedMessage id="generations.output.stopped" defaultMessage="Stopped. The text so far is kept." />
            </Alert>
          ) : null}
          {generation ? <FallbackNotice generation={generation} /> : null}
          {!status ? (
            <Typography color="text.secondary">
              <FormattedMessage id="generations.output.placeholder" defaultMessage="The output appears here as the provider writes it." />
            </Typography>
          ) : (
            <MarkdownOutput
              text={text}
              label={intl.formatMessage({ id: 'generations.output.label', defaultMessage: 'Generation output' })}
              busy={run.busy}
              actions={
                <>
                  <Button size="small" startIcon={<DownloadIcon />} disabled={!text} onClick={() => saveText(text, `generation-${id ?? 'output'}.md`)}>
                    <FormattedMessage id="generations.output.download" defaultMessage="Download" />
                  </Button>
                  {id ? (
                    <Button size="small" component={RouterLink} to={`/history/${id}`}>
                      <FormattedMessage id="generations.output.details" defaultMessage="Details" />
                    </Button>
                  ) : null}
                </>
              }
            />
          )}
          {generation ? (
            <>
              <GenerationStats generation={generation} />
              <FeedbackForm generation={generation} />
            </>
          ) : null}
        </Stack>
      </CardContent>
    </Card>
  );
}
