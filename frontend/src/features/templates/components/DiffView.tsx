import { Box, Typography } from '@mui/material';
import { diffLines } from 'diff';
import { useMemo } from 'react';

import { CodeBlock } from '../../../components';

/** A line diff of two texts: removed lines red with "-", added lines green with "+". */
export function DiffView({ before, after, label }: { before: string; after: string; label?: string }) {
  const parts = useMemo(() => diffLines(before ?? '', after ?? ''), [before, after]);
  const changed = parts.some((p) => p.added || p.removed);
  return (
    <Box>
      {label ? (
        <Typography variant="subtitle2" gutterBottom>
          {label}
        </Typography>
      ) : null}
      {!changed ? (
        <Typography variant="body2" color="text.secondary">
          No changes.
        </Typography>
      ) : (
        <CodeBlock maxHeight={360} label={label ? `Diff of ${label}` : 'Diff'}>
          {parts.flatMap((part, i) =>
            part.value
              .replace(/\n$/, '')
              .split('\n')
              .map((line, j) => (
                <Box
                  key={`${i}-${j}`}
                  component={part.added ? 'ins' : part.removed ? 'del' : 'span'}
                  sx={{
                    display: 'block',
                    textDecoration: 'none',
                    bgcolor: part.added ? 'rgba(46,125,50,0.15)' : part.removed ? 'rgba(198,40,40,0.15)' : 'transparent',
                  }}
                >
                  {part.added ? '+ ' : part.removed ? '- ' : '  '}
                  {line}
                </Box>
              )),
          )}
        </CodeBlock>
      )}
    </Box>
  );
}
