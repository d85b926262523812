import { Box } from '@mui/material';
import type { ReactNode } from 'react';

/** Preformatted text (a prompt, variables, a diff) on a tinted block that scrolls past `maxHeight`. */
export function CodeBlock({ maxHeight, label, testId, children }: { maxHeight: number; label?: string; testId?: string; children: ReactNode }) {
  return (
    <Box
      component="pre"
      aria-label={label}
      data-testid={testId}
      sx={{
        m: 0,
        p: 1,
        bgcolor: 'action.hover',
        borderRadius: 1,
        whiteSpace: 'pre-wrap',
        wordBreak: 'break-word',
        fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
        fontSize: 13,
        maxHeight,
        overflow: 'auto',
      }}
    >
      {children}
    </Box>
  );
}
