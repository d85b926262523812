import { Box, Card, CardContent, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { ErrorState, LoadingState } from '../../../components';
import { useGetDiffQuery } from '../api';
import type { Revision } from '../types';
import { revisionLabel } from './RevisionList';

/**
 * The server's word-level diff between a revision (by default 1, the AI's original) and the
 * current one: deletions struck through in red, insertions in green.
 */
export function OriginalDiff({ item, current, revisions, count }: { item: number; current: number; revisions: Revision[]; count: number }) {
  const intl = useIntl();
  const [from, setFrom] = useState(1);
  // The latest revisions are loaded; the AI's original, the default, is always on offer.
  const choices = revisions.some((r) => r.number === 1) ? revisions : [...revisions, { number: 1, author: null }];
  const unlisted = count - revisions.length;
  const { data, error, isLoading, refetch } = useGetDiffQuery({ id: item, from, to: current });
  return (
    <Card>
      <CardContent>
        <Stack spacing={1.5}>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap' }} useFlexGap>
            <Typography variant="h3" component="h2">
              <FormattedMessage id="content.diff.title" defaultMessage="Changes" />
            </Typography>
            {revisions.length ? (
              <TextField select size="small" label={intl.formatMessage({ id: 'content.diff.comparedWith', defaultMessage: 'Compared with' })} value={from} onChange={(e) => setFrom(Number(e.target.value))} sx={{ minWidth: 200 }}>
                {choices.map((r) => (
                  <MenuItem key={r.number} value={r.number}>
                    {revisionLabel(intl, r)}
                  </MenuItem>
                ))}
                {unlisted > 1 ? (
                  <MenuItem disabled>
                    <FormattedMessage id="content.diff.unlisted" defaultMessage="{count, number} older revisions not listed: “Show older revisions” lists them." values={{ count: unlisted - 1 }} />
                  </MenuItem>
                ) : null}
              </TextField>
            ) : null}
          </Stack>
          {isLoading ? <LoadingState /> : null}
          {error ? <ErrorState error={error} onRetry={refetch} /> : null}
          {data ? (
            <Box aria-label={intl.formatMessage({ id: 'content.diff.label', defaultMessage: 'Diff from revision {from}' }, { from })} sx={{ p: 1.5, bgcolor: 'action.hover', borderRadius: 1, whiteSpace: 'pre-wrap', wordBreak: 'break-word', maxHeight: 420, overflow: 'auto', fontSize: 14 }}>
              {data.ops.some((op) => op.op !== 'equal') ? (
                data.ops.map((op, i) =>
                  op.op === 'equal' ? (
                    <span key={i}>{op.text}</span>
                  ) : (
                    <Box key={i} component={op.op === 'insert' ? 'ins' : 'del'} sx={{ bgcolor: op.op === 'insert' ? 'rgba(46,125,50,0.18)' : 'rgba(198,40,40,0.18)' }}>
                      {op.text}
                    </Box>
                  ),
                )
              ) : (
                <Typography variant="body2" color="text.secondary">
                  {data.title_changed ? (
                    <FormattedMessage id="content.diff.titleOnly" defaultMessage="No changes to the text (the title changed)." />
                  ) : (
                    <FormattedMessage id="content.diff.none" defaultMessage="No changes to the text." />
                  )}
                </Typography>
              )}
            </Box>
          ) : null}
        </Stack>
      </CardContent>
    </Card>
  );
}
