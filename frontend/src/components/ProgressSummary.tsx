/** How far something is: what is done on the left, the percentage on the right, the bar under them. */
import { Box, LinearProgress, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';

import { formatPercent } from '../lib/format';

export function ProgressSummary({ done, ratio, digits, label }: { done: ReactNode; ratio: number; digits?: number; label: string }) {
  return (
    <Box>
      <Stack direction="row" sx={{ justifyContent: 'space-between' }}>
        <Typography>{done}</Typography>
        <Typography>{formatPercent(ratio, digits)}</Typography>
      </Stack>
      <LinearProgress variant="determinate" value={ratio * 100} aria-label={label} sx={{ height: 10, borderRadius: 5, mt: 1 }} />
    </Box>
  );
}
