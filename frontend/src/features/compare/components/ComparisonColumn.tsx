import { Alert, Card, CardContent, Chip, LinearProgress, Stack, Typography } from '@mui/material';
import { useIntl } from 'react-intl';

import { MarkdownOutput, StatusChip } from '../../../components';
import { formatCost, formatMs, formatNumber } from '../../../lib/format';
import { GenerationReview } from '../../generations';
import { VersionRun } from '../../releases';
import type { ComparisonTarget } from '../types';

const ENDED = ['succeeded', 'failed', 'cancelled'];

/** One target's answer: its status, then the text with tokens, cost and latency, a rating and "save as content". */
export function ComparisonColumn({ target, templateName }: { target: ComparisonTarget; templateName: string }) {
  const intl = useIntl();
  const ended = ENDED.includes(target.status);
  const title = intl.formatMessage(
    { id: 'compare.column.title', defaultMessage: '{template} · {provider} / {model}' },
    { template: templateName, provider: target.provider, model: target.model },
  );
  return (
    <Card sx={{ minWidth: 0 }} component="section" aria-label={title}>
      <CardContent>
        <Stack spacing={1.5}>
          <Typography variant="h3">{title}</Typography>
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
            <StatusChip status={target.status} />
            <VersionRun version={target.version} label={target.label} />
          </Stack>
          {!ended ? <LinearProgress aria-label={intl.formatMessage({ id: 'compare.column.running', defaultMessage: 'Generating' })} /> : null}
          {target.error ? <Alert severity="error">{target.error}</Alert> : null}
          {ended && target.output ? (
            <MarkdownOutput text={target.output} label={intl.formatMessage({ id: 'compare.column.output', defaultMessage: 'Output of {title}' }, { title })} maxHeight="50vh" />
          ) : null}
          {ended ? (
            <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
              <Chip
                size="small"
                label={intl.formatMessage(
                  { id: 'compare.column.tokens', defaultMessage: '{input} in · {output} out tokens' },
                  { input: formatNumber(target.input_tokens), output: formatNumber(target.output_tokens) },
                )}
              />
              <Chip size="small" label={intl.formatMessage({ id: 'compare.column.cost', defaultMessage: 'cost {cost}' }, { cost: formatCost(target.cost) })} />
              <Chip size="small" label={intl.formatMessage({ id: 'compare.column.latency', defaultMessage: 'latency {latency}' }, { latency: formatMs(target.latency_ms) })} />
            </Stack>
          ) : null}
          {ended ? <GenerationReview id={target.generation} /> : null}
        </Stack>
      </CardContent>
    </Card>
  );
}
