import { Chip, Stack } from '@mui/material';
import { useIntl } from 'react-intl';

import { formatCost, formatMs, formatNumber } from '../../../lib/format';
import { ProviderLabel } from '../../providers';
import { providerModel, type Generation } from '../types';

export function GenerationStats({ generation }: { generation: Generation }) {
  const intl = useIntl();
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
      <Chip size="small" variant="outlined" label={<ProviderLabel name={generation.provider} label={providerModel(generation)} />} />
      <Chip size="small" label={intl.formatMessage(
          { id: 'generations.stats.tokens', defaultMessage: '{input} in · {output} out tokens' },
          { input: formatNumber(generation.input_tokens), output: formatNumber(generation.output_tokens) },
        )} />
      <Chip size="small" label={intl.formatMessage({ id: 'generations.stats.cost', defaultMessage: 'cost {cost}' }, { cost: formatCost(generation.cost) })} />
      <Chip size="small" label={intl.formatMessage({ id: 'generations.stats.latency', defaultMessage: 'latency {latency}' }, { latency: formatMs(generation.latency_ms) })} />
      {generation.cache_hit ? <Chip size="small" color="info" label={intl.formatMessage({ id: 'generations.stats.cached', defaultMessage: 'from cache' })} /> : null}
      {generation.finish_reason ? <Chip size="small" variant="outlined" label={intl.formatMessage({ id: 'generations.stats.finish', defaultMessage: 'finish: {reason}' }, { reason: generation.finish_reason })} /> : null}
    </Stack>
  );
}
