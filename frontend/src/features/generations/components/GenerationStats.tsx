import { Chip, Stack } from '@mui/material';

import { formatCost, formatMs, formatNumber } from '../../../lib/format';
import { ProviderLabel } from '../../providers';
import { VersionRun } from '../../releases';
import type { Generation } from '../types';

export function GenerationStats({ generation }: { generation: Generation }) {
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
      <Chip size="small" variant="outlined" label={<ProviderLabel name={generation.provider} label={`${generation.provider} / ${generation.model}`} />} />
      <VersionRun version={generation.template_version} label={generation.label} />
      <Chip size="small" label={`${formatNumber(generation.input_tokens)} in · ${formatNumber(generation.output_tokens)} out tokens`} />
      <Chip size="small" label={`cost ${formatCost(generation.cost)}`} />
      <Chip size="small" label={`latency ${formatMs(generation.latency_ms)}`} />
      {generation.cache_hit ? <Chip size="small" color="info" label="from cache" /> : null}
      {generation.finish_reason ? <Chip size="small" variant="outlined" label={`finish: ${generation.finish_reason}`} /> : null}
    </Stack>
  );
}
