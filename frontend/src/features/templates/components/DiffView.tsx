import { Box, Typography } from '@mui/material';
import { diffLines } from 'diff';
import { useMemo } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { CodeBlock } from '../../../components';

/** The diff notation before each line (symbols, the same in every language). */
const MARKERS = { added: '+ ', removed: '- ', same: '  ' };

/** A line diff of two texts: removed lines red with "-", added lines green with "+". */
export function DiffView({ before, after, label }: { before: string; after: string; label?: string }) {
  const intl = useIntl();
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
          <FormattedMessage id="templates.diff.noChanges" defaultMessage="No changes." />
        </Typography>
      ) : (
        <CodeBlock
          maxHeight={360}
          label={
            label
              ? intl.formatMessage({ id: 'templates.diff.labelOf', defaultMessage: 'Diff of {label}' }, { label })
              : intl.formatMessage({ id: 'templates.diff.label', defaultMessage: 'Diff' })
          }
        >
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
                  {part.added ? MARKERS.added : part.removed ? MARKERS.removed : MARKERS.same}
                  {line}
                </Box>
              )),
          )}
        </CodeBlock>
      )}
    </Box>
  );
}
