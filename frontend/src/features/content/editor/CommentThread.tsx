import { Box, Button, Stack, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { ErrorState, FormError, SectionCard } from '../../../components';
import { formatDateTime } from '../../../lib/format';
import { loadedRows } from '../../../lib/api';
import { useApiAction } from '../../../lib/hooks';
import { useAddCommentMutation, useListCommentsInfiniteQuery, useResolveCommentMutation } from '../api';
import { ITEM_TEXT } from '../types';
import { ShowOlder } from './ShowOlder';

/**
 * The item's thread, oldest first down to the newest; a request for changes appears here with its
 * comment. The latest page is loaded, "Show older comments" above it loads the one before.
 */
export function CommentThread({ item, canWrite }: { item: number; canWrite: boolean }) {
  const intl = useIntl();
  const { data, error, refetch, fetchNextPage, isFetchingNextPage } = useListCommentsInfiniteQuery(item);
  const { rows: newestFirst, count } = loadedRows(data);
  const comments = newestFirst.toReversed();
  const [add, { isLoading: adding }] = useAddCommentMutation();
  const [resolve] = useResolveCommentMutation();
  const [body, setBody] = useState('');
  const { error: writeError, run: act } = useApiAction();
  const unknown = intl.formatMessage(ITEM_TEXT.unknownAuthor);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await act(() => add({ id: item, body }).unwrap())) setBody('');
  };

  return (
    <SectionCard title={<FormattedMessage id="content.comments.title" defaultMessage="Comments" />} small>
      {error ? <ErrorState error={error} onRetry={refetch} /> : null}
      <ShowOlder what="comments" shown={comments.length} count={count} loading={isFetchingNextPage} onShow={() => void fetchNextPage()} />
      <Stack spacing={1.5} aria-label={intl.formatMessage({ id: 'content.comments.list', defaultMessage: 'Comments' })} role="list">
        {data && !count ? (
          <Typography color="text.secondary">
            <FormattedMessage id="content.comments.empty" defaultMessage="No comments yet." />
          </Typography>
        ) : null}
        {comments.map((c) => (
          <Box key={c.id} role="listitem" sx={{ p: 1, borderLeft: 3, borderColor: c.resolved ? 'divider' : 'warning.main', opacity: c.resolved ? 0.7 : 1 }}>
            <Typography variant="body2" color="text.secondary">
              {c.resolved ? (
                <FormattedMessage
                  id="content.comments.metaResolved"
                  defaultMessage="{author} · {created} · resolved by {resolver}"
                  values={{ author: c.author?.email ?? unknown, created: formatDateTime(c.created_at), resolver: c.resolved_by?.email ?? unknown }}
                />
              ) : (
                <FormattedMessage id="content.comments.meta" defaultMessage="{author} · {created}" values={{ author: c.author?.email ?? unknown, created: formatDateTime(c.created_at) }} />
              )}
            </Typography>
            <Typography sx={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{c.body}</Typography>
            {canWrite ? (
              <Button size="small" onClick={() => act(() => resolve({ id: item, comment: c.id, resolved: !c.resolved }).unwrap())}>
                {c.resolved ? <FormattedMessage id="content.comments.reopen" defaultMessage="Reopen" /> : <FormattedMessage id="content.comments.resolve" defaultMessage="Resolve" />}
              </Button>
            ) : null}
          </Box>
        ))}
      </Stack>
      {canWrite ? (
        <Stack component="form" onSubmit={submit} spacing={1} sx={{ mt: 2 }}>
          <FormError error={writeError} />
          <TextField label={intl.formatMessage({ id: 'content.comments.add', defaultMessage: 'Add a comment' })} value={body} onChange={(e) => setBody(e.target.value)} multiline minRows={2} />
          <Box>
            <Button type="submit" disabled={adding || !body.trim()}>
              <FormattedMessage id="content.comments.submit" defaultMessage="Comment" />
            </Button>
          </Box>
        </Stack>
      ) : null}
    </SectionCard>
  );
}
