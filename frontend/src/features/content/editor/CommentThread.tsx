import { Box, Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';

import { ErrorState, FormError } from '../../../components';
import { toApiError, type ApiError } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { useAddCommentMutation, useListCommentsQuery, useResolveCommentMutation } from '../api';

/** The item's thread, oldest first; a request for changes appears here with its comment. */
export function CommentThread({ item, canWrite }: { item: number; canWrite: boolean }) {
  const { data, error, refetch } = useListCommentsQuery(item);
  const [add, { isLoading: adding }] = useAddCommentMutation();
  const [resolve] = useResolveCommentMutation();
  const [body, setBody] = useState('');
  const [writeError, setWriteError] = useState<ApiError | null>(null);

  const act = async (write: () => Promise<unknown>) => {
    setWriteError(null);
    try {
      await write();
      return true;
    } catch (err) {
      setWriteError(toApiError(err));
      return false;
    }
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await act(() => add({ id: item, body }).unwrap())) setBody('');
  };

  return (
    <Card>
      <CardContent>
        <Typography variant="h3" component="h2" gutterBottom>
          Comments
        </Typography>
        {error ? <ErrorState error={error} onRetry={refetch} /> : null}
        <Stack spacing={1.5} aria-label="Comments" role="list">
          {data?.results.length === 0 ? <Typography color="text.secondary">No comments yet.</Typography> : null}
          {data?.results.map((c) => (
            <Box key={c.id} role="listitem" sx={{ p: 1, borderLeft: 3, borderColor: c.resolved ? 'divider' : 'warning.main', opacity: c.resolved ? 0.7 : 1 }}>
              <Typography variant="body2" color="text.secondary">
                {c.author?.email ?? 'unknown'} · {formatDateTime(c.created_at)}
                {c.resolved ? ` · resolved by ${c.resolved_by?.email ?? 'someone'}` : ''}
              </Typography>
              <Typography sx={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{c.body}</Typography>
              {canWrite ? (
                <Button size="small" onClick={() => act(() => resolve({ id: item, comment: c.id, resolved: !c.resolved }).unwrap())}>
                  {c.resolved ? 'Reopen' : 'Resolve'}
                </Button>
              ) : null}
            </Box>
          ))}
        </Stack>
        {canWrite ? (
          <Stack component="form" onSubmit={submit} spacing={1} sx={{ mt: 2 }}>
            <FormError error={writeError} />
            <TextField label="Add a comment" value={body} onChange={(e) => setBody(e.target.value)} multiline minRows={2} />
            <Box>
              <Button type="submit" disabled={adding || !body.trim()}>
                Comment
              </Button>
            </Box>
          </Stack>
        ) : null}
      </CardContent>
    </Card>
  );
}
