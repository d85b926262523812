import { Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { toApiError, type ApiError } from '../../lib/errors';
import { useCurrentWorkspace } from '../accounts';
import { useTransitionContentMutation } from './api';
import { ACTIONS, type Action, type ContentItem, type ContentStatus } from './types';

/** The transitions an item's status allows that the user's role may take. */
export function useAllowedActions() {
  const { can } = useCurrentWorkspace();
  return (item: Pick<ContentItem, 'allowed_actions'>): Action[] => (item.allowed_actions as Action[]).filter((action) => action in ACTIONS && can(ACTIONS[action].role));
}

/** The action that moves an item to `target`, if the user may take it. */
export function actionTo(actions: Action[], target: ContentStatus): Action | undefined {
  return actions.find((action) => ACTIONS[action].target === target);
}

/**
 * Take a transition: at once, or after asking for the comment a request for changes needs.
 * Render `dialog`; `error` is the last refusal (a 409 names what the status allows).
 */
export function useItemTransition() {
  const intl = useIntl();
  const [transition, { isLoading }] = useTransitionContentMutation();
  const [error, setError] = useState<ApiError | null>(null);
  const [asking, setAsking] = useState<{ id: number; action: Action } | null>(null);
  const [comment, setComment] = useState('');

  const send = async (id: number, action: Action, text = '') => {
    setError(null);
    try {
      await transition({ id, action, comment: text }).unwrap();
      return true;
    } catch (err) {
      setError(toApiError(err));
      return false;
    }
  };

  const run = (id: number, action: Action) => {
    if (!ACTIONS[action].needsComment) return send(id, action);
    setComment('');
    setAsking({ id, action });
    return Promise.resolve(false);
  };

  const confirm = async () => {
    if (!asking || !comment.trim()) return;
    if (await send(asking.id, asking.action, comment)) setAsking(null);
  };

  const dialog = (
    <Dialog open={asking !== null} onClose={() => setAsking(null)} fullWidth maxWidth="sm">
      <DialogTitle>{asking ? intl.formatMessage(ACTIONS[asking.action].label) : null}</DialogTitle>
      <DialogContent>
        <TextField
          label={intl.formatMessage({ id: 'content.transition.comment', defaultMessage: 'What should change?' })}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          multiline
          minRows={3}
          fullWidth
          required
          sx={{ mt: 1 }}
          error={Boolean(error?.fields.comment)}
          helperText={error?.fields.comment?.join(' ')}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={() => setAsking(null)}>
          <FormattedMessage id="content.transition.cancel" defaultMessage="Cancel" />
        </Button>
        <Button variant="contained" onClick={confirm} disabled={!comment.trim() || isLoading}>
          <FormattedMessage id="content.transition.send" defaultMessage="Send" />
        </Button>
      </DialogActions>
    </Dialog>
  );

  return { run, error, setError, busy: isLoading, dialog };
}
